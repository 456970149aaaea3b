import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse';
import { JsonScanError, JsonScanner } from './json-scanner.js';
import { type ApiPage, type FileFormat, IngestError, type IngestSource } from './types.js';

/** One record read from a source, before validation. */
export interface SourceRecord {
  value: unknown;
  /** 1-based index in the input. */
  position: number;
  /** 1-based line of a file where the record starts. */
  line?: number;
  /** The API's JSON shape, or a legacy CSV row (header → cell). */
  format: 'api' | 'csv';
  /** Set when the record could not be decoded (too deeply nested): it is rejected with this reason. */
  undecodable?: string;
}

export interface ReadLimits {
  /** Largest JSON value or CSV record read, in characters; beyond it the input is refused as malformed. */
  maxValueChars: number;
  /** JSON nesting deeper than this is rejected (the record), not decoded. */
  maxDepth: number;
}

export interface ReadProgress {
  bytesRead: number;
  totalBytes?: number;
}

/** A described source: a label for the run log, the total size when known, and the records. */
export interface OpenedSource {
  label: string;
  kind: 'file' | 'text' | 'stream' | 'iterable';
  progress: ReadProgress;
  /** The records in arrays, one per chunk read (one await per chunk, not per record); read once. */
  batches: AsyncIterable<SourceRecord[]>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ data: [...] }` / `{ items: [...] }` without an `id`: an API list response, not a record. */
export function pageArray(value: unknown): readonly unknown[] | undefined {
  if (!isObject(value) || 'id' in value) return undefined;
  const arr = Array.isArray(value.data) ? value.data : Array.isArray(value.items) ? value.items : undefined;
  return arr;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
function isIterable(value: unknown): value is Iterable<unknown> {
  return value != null && typeof value !== 'string' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function formatFromPath(path: string): FileFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  return undefined;
}

/** Text chunks of a byte or text stream, counting bytes. UTF-8, invalid sequences become U+FFFD; a BOM is dropped. */
async function* decode(stream: AsyncIterable<string | Uint8Array>, progress: ReadProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for await (const chunk of stream) {
    if (typeof chunk === 'string') {
      progress.bytesRead += Buffer.byteLength(chunk);
      if (chunk) yield chunk;
    } else if (chunk instanceof Uint8Array) {
      progress.bytesRead += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    } else {
      throw new IngestError('source_error', `a stream source must yield strings or bytes, got ${typeof chunk}`);
    }
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Peeks the first non-space character to tell JSON from CSV. */
async function sniff(chunks: AsyncIterator<string>): Promise<{ format: FileFormat; first: string[] }> {
  const first: string[] = [];
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { format: 'json', first };
    first.push(next.value);
    const m = /[^\s\uFEFF]/.exec(next.value);
    if (m) return { format: m[0] === '[' || m[0] === '{' ? 'json' : 'csv', first };
  }
}

async function* prepend(first: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield* first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** The records of JSON text, one array per chunk of text read (one await per chunk, not per record). */
async function* jsonBatches(chunks: AsyncIterable<string>, limits: ReadLimits): AsyncGenerator<SourceRecord[]> {
  const scanner = new JsonScanner(limits.maxValueChars, limits.maxDepth);
  let position = 0;
  let batch: SourceRecord[] = [];
  try {
    for await (const chunk of chunks) {
      for (const v of scanner.push(chunk)) decodeValue(v);
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
    for (const v of scanner.end()) decodeValue(v);
  } catch (error) {
    // The records before the malformed one come first, as they would one by one.
    if (batch.length) {
      const done = batch;
      batch = [];
      yield done;
    }
    if (error instanceof JsonScanError) throw new IngestError('parse_error', error.message, { line: error.line, position: position + 1 });
    throw error;
  }
  if (batch.length) yield batch;

  function decodeValue(v: { text: string; line: number; topLevel: boolean; tooDeep: boolean }): void {
    if (v.tooDeep) {
      position++;
      batch.push({ value: v.text.slice(0, 1000), position, line: v.line, format: 'api', undecodable: `record: nested deeper than ${limits.maxDepth} levels` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(v.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new IngestError('parse_error', `malformed JSON in the record starting at line ${v.line} (record ${position + 1}): ${reason}`, {
        line: v.line,
        position: position + 1,
      });
    }
    if (v.topLevel) {
      const page = pageArray(value);
      if (page) {
        for (const item of page) {
          position++;
          batch.push({ value: item, position, line: v.line, format: 'api' });
        }
        return;
      }
    }
    position++;
    batch.push({ value, position, line: v.line, format: 'api' });
  }
}

/** One record per batch. */
async function* singles(records: AsyncIterable<SourceRecord>): AsyncGenerator<SourceRecord[]> {
  for await (const r of records) yield [r];
}


async function* csvRecords(chunks: AsyncIterable<string>, limits: ReadLimits): AsyncGenerator<SourceRecord> {
  const parser = parseCsv({
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    skip_empty_lines: true,
    relax_quotes: false,
    info: true,
    max_record_size: limits.maxValueChars,
  });
  const input = Readable.from(chunks);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let position = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      position++;
      yield { value: item.record, position, line: item.info.lines, format: 'csv' };
    }
  } catch (error) {
    if (error instanceof IngestError) throw error;
    const e = error as { message?: string; lines?: number; code?: string };
    throw new IngestError('parse_error', `malformed CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message ?? String(error)}`, {
      line: e.lines,
      position: position + 1,
    });
  } finally {
    input.destroy();
  }
}

async function* iterableRecords(items: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<SourceRecord> {
  let position = 0;
  for await (const value of items as AsyncIterable<unknown>) {
    // A page yielded by an iterable (e.g. an API client yielding responses) is unwrapped too.
    const page = pageArray(value);
    if (page) {
      for (const item of page) yield { value: item, position: ++position, format: 'api' };
    } else yield { value, position: ++position, format: 'api' };
  }
}

function textBatches(chunks: AsyncIterable<string>, format: FileFormat | undefined, limits: ReadLimits): AsyncIterable<SourceRecord[]> {
  return {
    async *[Symbol.asyncIterator]() {
      let source: AsyncIterable<string> = chunks;
      let fmt = format;
      if (!fmt) {
        const it = chunks[Symbol.asyncIterator]();
        const sniffed = await sniff(it);
        fmt = sniffed.format;
        source = prepend(sniffed.first, it);
      }
      if (fmt === 'csv') yield* singles(csvRecords(source, limits));
      else yield* jsonBatches(source, limits);
    },
  };
}

/** A source read as batches of records. */
function described(label: string, kind: OpenedSource['kind'], progress: ReadProgress, batches: AsyncIterable<SourceRecord[]>): OpenedSource {
  return { label, kind, progress, batches };
}

/** A file's bytes; the file is opened only when they are first read (a source never read holds no descriptor). */
async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>;
}

/** Opens any accepted source as a stream of records (nothing is read until iterated). */
export function openSource(source: IngestSource, format: FileFormat | undefined, limits: ReadLimits): OpenedSource {
  if (typeof source === 'string' || source instanceof URL || (isObject(source) && 'path' in source && (typeof source.path === 'string' || source.path instanceof URL))) {
    const raw = typeof source === 'string' || source instanceof URL ? source : (source as { path: string | URL }).path;
    const path = raw instanceof URL ? fileURLToPath(raw) : raw;
    const fmt = format ?? (isObject(source) && 'format' in source ? (source.format as FileFormat | undefined) : undefined) ?? formatFromPath(path);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a regular file');
      size = st.size;
    } catch (error) {
      throw new IngestError('source_error', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const progress: ReadProgress = { bytesRead: 0, totalBytes: size };
    return described(path, 'file', progress, textBatches(decode(fileBytes(path), progress), fmt, limits));
  }
  if (source instanceof Readable) {
    const progress: ReadProgress = { bytesRead: 0 };
    return described('stream', 'stream', progress, textBatches(decode(source, progress), format, limits));
  }
  if (isObject(source) && 'text' in source && typeof source.text === 'string') {
    const text = source.text;
    const progress: ReadProgress = { bytesRead: 0, totalBytes: Buffer.byteLength(text) };
    const fmt = format ?? (source.format as FileFormat | undefined);
    async function* one() {
      // Slices, so that the scanner and the progress work as for a file.
      for (let i = 0; i < text.length; i += 256 * 1024) yield text.slice(i, i + 256 * 1024);
    }
    return described('text', 'text', progress, textBatches(decode(one(), progress), fmt, limits));
  }
  if (isObject(source) && 'stream' in source && (isAsyncIterable(source.stream) || isIterable(source.stream))) {
    const progress: ReadProgress = { bytesRead: 0, totalBytes: typeof source.totalBytes === 'number' ? source.totalBytes : undefined };
    const fmt = format ?? (source.format as FileFormat | undefined);
    return described('stream', 'stream', progress, textBatches(decode(source.stream as AsyncIterable<string | Uint8Array>, progress), fmt, limits));
  }
  const page = pageArray(source);
  if (page) return described('page', 'iterable', { bytesRead: 0 }, singles(iterableRecords(page)));
  if (isAsyncIterable(source) || isIterable(source)) {
    return described('iterable', 'iterable', { bytesRead: 0 }, singles(iterableRecords(source)));
  }
  throw new IngestError(
    'source_error',
    'unsupported source: pass a file path, { path | text | stream }, an API page { data | items }, or an (async) iterable of records',
  );
}

export type { ApiPage };
