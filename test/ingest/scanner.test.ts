import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScanError, JsonScanner } from '../../src/ingest/json-scanner.js';

/** Feeds `text` in chunks cut at `cuts` and returns the decoded values. */
function scan(text: string, cuts: number[]): unknown[] {
  const scanner = new JsonScanner(1_000_000, 64);
  const out: unknown[] = [];
  let at = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < text.length)].sort((a, b) => a - b).concat(text.length)) {
    out.push(...scanner.push(text.slice(at, c)).map((v) => JSON.parse(v.text)));
    at = c;
  }
  out.push(...scanner.end().map((v) => JSON.parse(v.text)));
  return out;
}

// Strings full of the characters that matter to the scanner: quotes, backslashes, brackets, commas.
const nasty = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', 'a', ' ', '\n', 'é', '😀'), maxLength: 12 });
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(nasty, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(nasty, tie('node'), { maxKeys: 4 })),
})).node;

describe('JsonScanner', () => {
  it('splits a JSON array into its elements wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), fc.array(fc.nat(400), { maxLength: 6 }), fc.boolean(), (values, cuts, pretty) => {
        const text = pretty ? JSON.stringify(values, null, 2) : JSON.stringify(values);
        expect(scan(text, cuts)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('splits NDJSON / concatenated values the same way', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(nasty, value, { maxKeys: 3 }), { maxLength: 8 }), fc.array(fc.nat(300), { maxLength: 6 }), (objects, cuts) => {
        const text = objects.map((o) => JSON.stringify(o)).join('\n');
        expect(scan(text, cuts)).toEqual(objects.map((o) => JSON.parse(JSON.stringify(o))));
      }),
      { numRuns: 300 },
    );
  });

  it('reports the line of a structural error', () => {
    expect(() => scan('[\n1,\n2\n3]', [])).toThrow(JsonScanError);
    try {
      scan('[\n1,\n2\n3]', []);
    } catch (e) {
      expect((e as JsonScanError).line).toBe(4);
    }
  });
});
