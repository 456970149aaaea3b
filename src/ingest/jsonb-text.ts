import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/**
 * PostgreSQL's text form of a jsonb value, computed in JavaScript, so that a raw row's
 * `content_hash` (= `md5(payload::text)` on the server) can be sent with the row instead of
 * computed by a second pass over it (docs/ingest.md, "Writing the rows once").
 *
 * jsonb's output is canonical: object keys sorted by their UTF-8 byte length, then bytewise
 * (duplicate keys cannot occur in a parsed JavaScript value); `", "` between elements and pairs,
 * `": "` after a key; strings escaped as JSON.stringify escapes them (`\"`, `\\`, `\b \f \n \r \t`,
 * other control characters as lower-case `\u00xx`, everything else literal); numbers as
 * `numeric` prints them: plain decimal digits, never an exponent (`1e+21` →
 * `1000000000000000000000`, `1.5e-7` → `0.00000015`). test/ingest/jsonb-text.test.ts checks it
 * against the engine's own `md5(payload::text)` on both engines.
 */
export interface JsonbText {
  /** The jsonb text form: also valid JSON input for the same jsonb value. */
  text: string;
  /** `JSON.stringify(value).length`: the record size limit is defined on it. */
  compactLength: number;
}

/** A value JSON.stringify would transform (Date, toJSON, undefined, non-finite numbers, class instances…). */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

/** A code unit above U+007F (surrogates included). */
const NON_ASCII = /[\u0080-\uffff]/;

function byAsciiLengthThenBytes(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function sortKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  for (const k of keys) {
    if (NON_ASCII.test(k)) {
      // UTF-8 byte length and byte order differ from UTF-16's for non-ASCII keys.
      const bytes = new Map(keys.map((key) => [key, Buffer.from(key, 'utf8')]));
      return keys.sort((x, y) => {
        const bx = bytes.get(x)!;
        const by = bytes.get(y)!;
        return bx.length - by.length || Buffer.compare(bx, by);
      });
    }
  }
  return keys.sort(byAsciiLengthThenBytes);
}

/** An object shape seen before: its keys in their own order, and in jsonb's order with their `"key": ` prefixes. */
interface Shape {
  keys: string[];
  order: string[];
  prefixes: string[];
}
/**
 * The last few shapes (records of one source share theirs): comparing a record's keys with a
 * cached shape's is a few pointer comparisons (parsed keys are internalized strings), much less
 * than sorting and quoting them again.
 */
const shapes: Shape[] = [];
const SHAPE_CACHE = 16;

function shapeOf(keys: string[]): Shape {
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (known[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape;
  }
  const order = sortKeys([...keys]);
  const shape = { keys, order, prefixes: order.map((k) => `${JSON.stringify(k)}: `) };
  if (shapes.length >= SHAPE_CACHE) shapes.pop();
  shapes.unshift(shape);
  return shape;
}

/** JSON.stringify of a string, without the call when nothing needs escaping (the usual case). */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** `numeric`'s output of the number JSON.stringify writes (its shortest round-trip form). */
export function numericText(js: string): string {
  const e = js.indexOf('e');
  if (e === -1) return js;
  const negative = js.charCodeAt(0) === 45;
  const mantissa = js.slice(negative ? 1 : 0, e);
  const exponent = Number(js.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Position of the decimal point in `digits` after applying the exponent.
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Throws NOT_PLAIN on anything JSON.stringify would not write as it is. */
function canonical(value: unknown, state: { extra: number }): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number': {
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      const js = String(value);
      const text = numericText(js);
      state.extra += text.length - js.length;
      return text;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN;
        const n = value.length;
        if (n === 0) return '[]';
        let out = '[';
        for (let i = 0; i < n; i++) {
          if (i) out += ', ';
          out += canonical(value[i], state);
        }
        state.extra += n - 1;
        return `${out}]`;
      }
      if (!isPlainObject(value)) throw NOT_PLAIN;
      const keys = Object.keys(value);
      if (keys.length === 0) return '{}';
      const { order, prefixes } = shapeOf(keys);
      let out = '{';
      for (let i = 0; i < order.length; i++) {
        if (i) out += ', ';
        out += prefixes[i]! + canonical((value as Record<string, unknown>)[order[i]!], state);
      }
      // One space after every ':' and after every ','.
      state.extra += 2 * keys.length - 1;
      return `${out}}`;
    }
    default:
      // undefined, functions, symbols, bigint: JSON.stringify omits, nulls or refuses them.
      throw NOT_PLAIN;
  }
}

/**
 * The jsonb text of what `JSON.stringify(value)` writes. Throws what JSON.stringify throws (a
 * BigInt, a cycle); undefined when JSON.stringify gives undefined.
 */
export function jsonbText(value: unknown): JsonbText | undefined {
  const state = { extra: 0 };
  try {
    const text = canonical(value, state);
    return { text, compactLength: text.length - state.extra };
  } catch {
    // Not plain data (or a cycle, or nesting deeper than the stack): JSON.stringify decides what it
    // is (Dates as strings, undefined dropped, …) and throws its own error for what it refuses.
  }
  const json = JSON.stringify(value);
  if (json === undefined) return undefined;
  state.extra = 0;
  const text = canonical(JSON.parse(json), state);
  return { text, compactLength: json.length };
}

/** `crypto.hash` (Node 20.12+): a one-shot digest, without a Hash object per row. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** `md5(payload::text)` as PostgreSQL computes it, from the jsonb text form. */
export function jsonbMd5(text: string): string {
  return oneShot ? oneShot('md5', text, 'hex') : createHash('md5').update(text, 'utf8').digest('hex');
}
