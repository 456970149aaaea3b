import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { IngestError, ingestXendit } from '../../src/ingest.js';
import { jsonbMd5, jsonbText } from '../../src/ingest/jsonb-text.js';
import { engine, useDatabase } from '../helpers.js';
import { invoice, refusingRow } from './fixtures.js';

/**
 * The load's COPY (src/ingest/copy.ts): PostgreSQL gets one COPY FROM STDIN fed in ~128 kB chunks
 * while records are still being parsed, PGlite one COPY per batch. What is stored must be exactly
 * what was read, however the lines fall across chunks and batches, and a COPY the server refuses
 * must end the load with that error (never a hang), leaving nothing written.
 */
const t = useDatabase();

/** Text that COPY's format must escape, and characters of 2, 3 and 4 UTF-8 bytes. */
const awkward = (i: number) => `tab\there, line\nbreak, cr\r, back\\slash \\N ñ € 😀 #${i}`;

const records = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) =>
    invoice(`${prefix}${String(i).padStart(5, '0')}`, {
      description: awkward(i),
      external_id: `ext\\${i}\t`,
      note: { text: awkward(i), path: 'C:\\dir\\file', n: i / 7 },
    }),
  );

/** Each stored row against its record: the payload is the record's jsonb text, hashed as the server hashes it. */
async function expectStored(input: Record<string, unknown>[]) {
  const rows = await queryRows<{ id: string; description: string; external_id: string; payload_text: string; content_hash: string; server_md5: string }>(
    t.db,
    'select id, description, external_id, payload::text as payload_text, content_hash, md5(payload::text) as server_md5 from ingest.xendit_raw order by id',
  );
  expect(rows.map((r) => r.id)).toEqual(input.map((r) => r.id as string).sort());
  const byId = new Map(input.map((r) => [r.id as string, r]));
  for (const row of rows) {
    const rec = byId.get(row.id)!;
    const text = jsonbText(rec)!.text;
    expect(row).toEqual({
      id: rec.id,
      description: (rec.description as string).trim(),
      external_id: (rec.external_id as string).trim(),
      payload_text: text,
      content_hash: jsonbMd5(text),
      server_md5: jsonbMd5(text),
    });
  }
}

describe(`the load's COPY (${engine})`, () => {
  it('stores exactly the records, with escapes and multi-byte text across many chunks, on both paths', async () => {
    // ~1.6 MB of COPY text: a dozen stream chunks on PostgreSQL, 5 batches of 700 on PGlite.
    const input = records(3000, 'cs_');
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const direct = await ingestXendit(t.db, input, { batchSize: 700, log: false });
    expect(direct).toMatchObject({ inserted: 3000, updated: 0, rejected: 0 });
    await expectStored(input);

    // The merge path (the table is not empty): the same rows through the temp table.
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    await queryRows(t.db, `insert into ingest.xendit_raw (id, status, amount, payload, content_hash) values ('~other', 'PAID', 1, '{}', md5('{}'))`);
    const merged = await ingestXendit(t.db, input, { batchSize: 700, log: false });
    expect(merged).toMatchObject({ inserted: 3000, updated: 0, rejected: 0 });
    await queryRows(t.db, "delete from ingest.xendit_raw where id = '~other'");
    await expectStored(input);
  });

  it('stores records larger than a stream chunk', async () => {
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const input = [
      invoice('big_1', { blob: 'x\\'.repeat(60_000) }),
      invoice('big_2'),
      invoice('big_3', { blob: 'é'.repeat(200_000) }),
      invoice('big_4', { blob: Array.from({ length: 5000 }, (_, i) => `line ${i}\n`) }),
    ];
    expect(await ingestXendit(t.db, input, { log: false })).toMatchObject({ inserted: 4, rejected: 0 });
    await expectStored(input);
  });

  it('stores a batch larger than the COPY buffer it starts with (PGlite: 4 MB), then smaller ones', async () => {
    // 2,400 records of ~2.5 kB: one 6 MB batch, then a batch of 600 after it.
    const input = Array.from({ length: 3000 }, (_, i) => invoice(`bb_${String(i).padStart(5, '0')}`, { note: `${awkward(i)} ${'ü'.repeat(1200)}` }));
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    expect(await ingestXendit(t.db, input, { batchSize: 2400, log: false })).toMatchObject({ inserted: 3000, rejected: 0 });
    await expectStored(input);
    await queryRows(t.db, 'delete from ingest.xendit_raw');
  });

  describe('a COPY the server refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copy-stream-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // The first record of a file: on PostgreSQL refused while later chunks are still being sent
    // (reading the file lets the driver hear the refusal). The last record of an array: refused
    // after the stream ended, where postgres.js alone would leave the load waiting for ever.
    for (const [where, index, source] of [
      ['first', 0, 'file'],
      ['last', 2999, 'array'],
    ] as const) {
      for (const path of ['direct', 'merge'] as const) {
        it(`ends the load with the server's error when the ${where} row of ${source === 'file' ? 'a file' : 'an array'} is refused (${path} path), writing nothing`, async () => {
          await queryRows(t.db, 'delete from ingest.xendit_raw');
          if (path === 'merge') await queryRows(t.db, `insert into ingest.xendit_raw (id, status, amount, payload, content_hash) values ('~other', 'PAID', 1, '{}', md5('{}'))`);
          const input = records(3000, 'rf_');
          const file = join(dir, `${where}-${path}.ndjson`);
          writeFileSync(file, input.map((r) => JSON.stringify(r)).join('\n'));
          const refused = input[index]!.id as string;
          const error = await refusingRow(t.db, refused, () => ingestXendit(t.db, source === 'file' ? file : input, { log: false }).then(() => undefined, (e: unknown) => e));
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toContain(`row ${refused} refused by the test`);
          expect(error).not.toBeInstanceOf(IngestError);
          // Nothing of the load is left, and the database serves the next load.
          const [count] = await queryRows<{ n: number }>(t.db, "select count(*)::int as n from ingest.xendit_raw where id like 'rf_%'");
          expect(count!.n).toBe(0);
          expect(await ingestXendit(t.db, input.slice(0, 10), { log: false })).toMatchObject({ inserted: 10 });
          await queryRows(t.db, 'delete from ingest.xendit_raw');
        });
      }
    }
  });
});
