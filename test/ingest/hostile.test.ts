import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { IngestError, type IngestResult, ingestSystemeio, ingestXendit, lastRun } from '../../src/ingest.js';
import { JsonScanner } from '../../src/ingest/json-scanner.js';
import { invoice } from './fixtures.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'ingest-hostile-'));

const contact = (id: number, over: Record<string, unknown> = {}) => ({ id, email: `c${id}@example.com`, registeredAt: '2024-01-01T00:00:00Z', tags: [], ...over });

async function counts(db: Database) {
  const [row] = await queryRows<{ x: number; s: number; r: number }>(
    db,
    'select (select count(*) from ingest.xendit_raw)::int as x, (select count(*) from ingest.systemeio_raw)::int as s, (select count(*) from ingest.rejected_rows)::int as r',
  );
  return row!;
}

async function ingestError(p: Promise<unknown>): Promise<IngestError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e, 'expected the load to fail').toBeInstanceOf(IngestError);
  return e as IngestError;
}

function rejectionOf(result: IngestResult, position: number) {
  return result.rejections.find((r) => r.position === position);
}

describe(`hostile inputs (${engine})`, () => {
  beforeEach(async () => {
    await queryRows(t.db, 'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.rejected_rows');
  });

  it('malformed JSON: a clear error naming the line, and nothing loaded even after several batches', async () => {
    const good = Array.from({ length: 40 }, (_, i) => JSON.stringify(invoice(`m${i}`)));
    // An invalid record (rejected) before the break, to prove rejected rows roll back too.
    const text = `[\n${good.join(',\n')},\n{"id": "bad", "amount": "x"},\n{"id": "broken", "status": PAID}\n]`;
    const f = join(dir, 'broken.json');
    writeFileSync(f, text);
    const e = await ingestError(ingestXendit(t.db, f, { batchSize: 5 }));
    expect(e.code).toBe('parse_error');
    expect(e.line).toBe(43);
    expect(e.message).toMatch(/malformed JSON in the record starting at line 43/);
    expect(await counts(t.db)).toEqual({ x: 0, s: 0, r: 0 });
    const run = await lastRun(t.db, 'ingest_xendit');
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/line 43/) });
    expect(run!.finishedAt).toBeInstanceOf(Date);
  });

  it('truncated files, garbage after the array, broken NDJSON lines and broken CSV are refused whole', async () => {
    const line = JSON.stringify(invoice('n1'));
    const cases: [string, RegExp, number | undefined][] = [
      [`[${line}, ${line.slice(0, 30)}`, /unexpected end of input/, undefined],
      [`[${line}] trailing`, /after the end of the top-level array/, 1],
      [`${line}\n${line}\n{"id": 'single quotes'}\n${line}`, /line 3/, 3],
      [`[${line},,${line}]`, /unexpected ","/, 1],
      ['[1, 2', /not closed/, 1],
    ];
    for (const [text, message, lineNo] of cases) {
      const e = await ingestError(ingestXendit(t.db, { text }));
      expect(e.code, text.slice(0, 40)).toBe('parse_error');
      expect(e.message).toMatch(message);
      if (lineNo !== undefined) expect(e.line).toBe(lineNo);
    }
    const csv = 'Email,First name,Last name,Tag,Date Registered\na@example.com,A,B,Lead,2024-01-01\n"b@example.com,B,C,Lead,2024-01-01\n';
    const e = await ingestError(ingestSystemeio(t.db, { text: csv, format: 'csv' }));
    expect(e.code).toBe('parse_error');
    expect(e.message).toMatch(/malformed CSV/);
    const ragged = 'Email,First name\na@example.com,A,extra,cells\n';
    expect((await ingestError(ingestSystemeio(t.db, { text: ragged }))).message).toMatch(/malformed CSV at line 2/);
    expect(await counts(t.db)).toEqual({ x: 0, s: 0, r: 0 });
  });

  it('wrong types are rejected with a reason naming the field; the rest loads', async () => {
    const records: unknown[] = [
      invoice('ok1'),
      invoice('t1', { amount: '800' }),
      invoice('t2', { status: 1 }),
      invoice('t3', { status: 'REFUNDED' }),
      invoice('t4', { payer_email: 42 }),
      invoice('t5', { created: 1709287200 }),
      invoice('t6', { created: '2024-02-30T00:00:00Z' }),
      invoice('t7', { amount: -1 }),
      invoice('t8', { amount: 10.005 }),
      invoice('t9', { currency: 'PESO' }),
      { ...invoice('x'), id: { $ne: null } },
      invoice('t10', { description: ['Papers', 'to', 'Profits'] }),
      42,
      'a string',
      null,
      [invoice('in-array')],
      invoice('ok2'),
    ];
    const r = await ingestXendit(t.db, records);
    expect(r).toMatchObject({ inserted: 2, rejected: 15, total: 17 });
    const reasons = Object.fromEntries(r.rejections.map((x) => [x.position, `${x.field ?? '-'} | ${x.reason}`]));
    expect(reasons).toEqual({
      2: 'amount | amount: expected a number, got string',
      3: 'status | status: expected a string, got number',
      4: 'status | status: "REFUNDED" is not one of PENDING, PAID, SETTLED, EXPIRED',
      5: 'payer_email | payer_email: expected a string, got number',
      6: 'created | created: expected an ISO 8601 date-time string, got number',
      7: 'created | created: "2024-02-30T00:00:00Z" is not an ISO 8601 date-time',
      8: 'amount | amount: -1 is out of range (0 to 9999999999.99)',
      9: 'amount | amount: 10.005 has more than 2 decimal places',
      10: 'currency | currency: "PESO" is not a 3-letter currency code',
      11: 'id | id: expected a string or an integer, got object',
      12: 'description | description: expected a string, got array',
      13: '- | record: expected an object, got number',
      14: '- | record: expected an object, got string',
      15: '- | record: expected an object, got null',
      16: '- | record: expected an object, got array',
    });
    const stored = await queryRows<{ position: number; field: string | null; reason: string; payload: unknown; record_id: string | null }>(
      t.db,
      'select position, field, reason, payload, record_id from ingest.rejected_rows order by position',
    );
    expect(stored).toHaveLength(15);
    expect(stored[0]).toMatchObject({ position: 2, field: 'amount', record_id: 't1', payload: { id: 't1', amount: '800' } });
    expect(stored.find((s) => s.position === 15)).toMatchObject({ field: null, record_id: null, payload: null });

    const c = await ingestSystemeio(t.db, [
      contact(1),
      contact(2, { tags: 'PaidP2P' }),
      contact(3, { tags: [{ id: 1 }] }),
      contact(4, { fields: [{ slug: 'first_name', value: { nested: true } }] }),
      contact(5, { email: undefined }),
      contact(6, { email: 'no-at-sign' }),
      contact(7, { id: -3 }),
      contact(8, { tags: ['ok', 7] }),
    ]);
    expect(c).toMatchObject({ inserted: 1, rejected: 7 });
    expect(c.rejections.map((x) => x.reason)).toEqual([
      'tags: expected an array of tags, got string',
      'tags.0.name: expected a tag name (a string or { name }), got object',
      'fields.0.value: expected a string, got object',
      'email: is required',
      'email: "no-at-sign" is not a valid email address',
      'id: expected a string or an integer, got number',
      'tags.1: expected a tag name (a string or { name }), got number',
    ]);
  });

  it('1 MB strings: a typed field over its limit or an oversized record is rejected, stored truncated', async () => {
    const huge = 'A'.repeat(1024 * 1024);
    const r = await ingestXendit(t.db, [invoice('big1', { description: huge }), invoice('big2', { notes: huge }), invoice('fine')]);
    expect(r).toMatchObject({ inserted: 1, rejected: 2 });
    expect(rejectionOf(r, 1)?.reason).toBe('description: longer than 2000 characters');
    expect(rejectionOf(r, 2)?.reason).toBe('record: larger than 262144 characters');
    const [row] = await queryRows<{ len: number }>(t.db, "select length(payload->>'description')::int as len from ingest.rejected_rows where record_id = 'big1'");
    expect(row!.len).toBeLessThan(1100);
    const s = await ingestSystemeio(t.db, [contact(1, { first_name: huge }), contact(2, { tags: [huge] })]);
    expect(s.rejections.map((x) => x.reason)).toEqual(['first_name: longer than 200 characters', 'tags.0: longer than 100 characters']);
    // A name or phone from a custom field is blamed on that field; each limit applies to its own column.
    const f = await ingestSystemeio(t.db, [
      contact(3, { fields: [{ slug: 'first_name', value: 'Ana' }, { slug: 'surname', value: 'S'.repeat(201) }] }),
      contact(4, { fields: [{ slug: 'phone_number', value: '9'.repeat(51) }] }),
      contact(5, { last_name: 'B'.repeat(201) }),
      contact(6, { phone: '9'.repeat(50), fields: [{ slug: 'first_name', value: 'F'.repeat(200) }] }),
    ]);
    expect(f.rejections.map((x) => [x.recordId, x.reason])).toEqual([
      ['3', 'fields.1.value: longer than 200 characters'],
      ['4', 'fields.0.value: longer than 50 characters'],
      ['5', 'last_name: longer than 200 characters'],
    ]);
    expect(f).toMatchObject({ inserted: 1, rejected: 3 });
  });

  it('SQL, quotes, backslashes, tabs, newlines and emoji in every text field are stored verbatim', async () => {
    const evil = `'); DROP TABLE ingest.xendit_raw; --\t"\\N\\\\x\n\r\u2028 😀 $$ $fn$ %s %I`;
    const evilEmail = "o'brien+{drop}-table@example.com";
    const rec = invoice(evil.slice(0, 200), {
      external_id: evil,
      description: evil,
      payment_method: evil.slice(0, 100),
      payment_channel: evil.slice(0, 100),
      payer_email: evilEmail,
      [evil]: evil,
    });
    const r = await ingestXendit(t.db, [rec]);
    expect(r).toMatchObject({ inserted: 1, rejected: 0 });
    const [row] = await queryRows<Record<string, unknown>>(
      t.db,
      'select id, external_id, description, payment_method, payment_channel, payer_email, payload from ingest.xendit_raw',
    );
    expect(row).toEqual({
      id: evil.slice(0, 200).trim(),
      external_id: evil.trim(),
      description: evil.trim(),
      payment_method: evil.slice(0, 100).trim(),
      payment_channel: evil.slice(0, 100).trim(),
      payer_email: evilEmail,
      payload: rec,
    });
    expect(await ingestXendit(t.db, [rec])).toMatchObject({ unchanged: 1 });

    const c = contact(99, { first_name: evil, last_name: evil, phone: evil.slice(0, 50), tags: [evil, { id: 1, name: evil.slice(3) }] });
    expect(await ingestSystemeio(t.db, [c])).toMatchObject({ inserted: 1 });
    const [crow] = await queryRows<Record<string, unknown>>(t.db, 'select first_name, last_name, phone, tags, payload from ingest.systemeio_raw');
    expect(crow).toEqual({ first_name: evil.trim(), last_name: evil.trim(), phone: evil.slice(0, 50).trim(), tags: [evil.trim(), evil.slice(3).trim()], payload: c });
    const csv = `Email,First name,Last name,Tag,Date Registered\n${evilEmail},"${evil.replaceAll('"', '""')}",=cmd|' /C calc'!A0,"Lead, ${evil.replaceAll('"', '""').replaceAll(',', '')}",2024-01-01\n`;
    expect(await ingestSystemeio(t.db, { text: csv })).toMatchObject({ inserted: 1, rejected: 0 });
    const [csvRow] = await queryRows<{ first_name: string; last_name: string }>(t.db, "select first_name, last_name from ingest.systemeio_raw where source_format = 'csv'");
    expect(csvRow).toEqual({ first_name: evil.trim(), last_name: "=cmd|' /C calc'!A0" });
  });

  it('NUL characters, unpaired surrogates, deep nesting and cycles are rejected, not crashing the load', async () => {
    const cyclic: Record<string, unknown> = invoice('cyc');
    cyclic.self = cyclic;
    const r = await ingestXendit(t.db, [
      invoice('nul', { description: 'a\u0000b' }),
      invoice('nul-key', { ['k\u0000']: 1 }),
      invoice('sur', { description: 'x\ud800y' }),
      invoice('pair', { description: 'ok 😀' }),
      cyclic,
      invoice('big', { n: 10n }),
    ]);
    expect(r).toMatchObject({ inserted: 1, rejected: 5 });
    expect(r.rejections.map((x) => x.reason)).toEqual([
      'record: contains a NUL character (\\u0000), which PostgreSQL text cannot store',
      'record: contains a NUL character (\\u0000), which PostgreSQL text cannot store',
      'record: contains an unpaired UTF-16 surrogate',
      expect.stringMatching(/^record: cannot be serialized as JSON/),
      expect.stringMatching(/^record: cannot be serialized as JSON/),
    ]);
    const deep = `${'['.repeat(500)}${']'.repeat(500)}`;
    const text = `${JSON.stringify(invoice('d1'))}\n{"id":"deep","x":${deep}}\n${JSON.stringify(invoice('d2'))}\n`;
    const d = await ingestXendit(t.db, { text });
    expect(d).toMatchObject({ inserted: 2, rejected: 1 });
    expect(d.rejections[0]).toMatchObject({ line: 2, reason: 'record: nested deeper than 64 levels' });
  });

  it('the same id twice in one input: the later record wins', async () => {
    const r = await ingestXendit(t.db, [invoice('dup', { status: 'PENDING' }), invoice('other'), invoice('dup', { status: 'PAID' })]);
    expect(r).toMatchObject({ inserted: 2, duplicates: 1, total: 3 });
    expect(await queryRows(t.db, "select status from ingest.xendit_raw where id = 'dup'")).toEqual([{ status: 'PAID' }]);
  });

  it('bad options and unreadable sources fail before writing anything', async () => {
    const bad: [unknown, string][] = [
      [{ batchSize: 0 }, 'batchSize'],
      [{ syncedAt: 'not a date' }, 'syncedAt'],
      [{ format: 'xml' }, 'format'],
      [{ onProgress: 'yes' }, 'onProgress'],
      [{ vacuum: 'yes' }, 'vacuum'],
    ];
    for (const [options, field] of bad) {
      const e = await ingestError(ingestXendit(t.db, [invoice('o')], options as never));
      expect(e).toMatchObject({ code: 'invalid_option', field });
    }
    expect((await ingestError(ingestXendit(t.db, join(dir, 'missing.json')))).code).toBe('source_error');
    expect((await ingestError(ingestXendit(t.db, 42 as never))).code).toBe('source_error');
    expect(await counts(t.db)).toEqual({ x: 0, s: 0, r: 0 });
  });

  it('the scanner refuses a value larger than its limit instead of buffering it', () => {
    const scanner = new JsonScanner(100, 64);
    expect(() => scanner.push(`["${'x'.repeat(50)}`)).not.toThrow();
    expect(() => scanner.push('y'.repeat(60))).toThrow(/larger than 100 characters/);
  });
});
