import { parentPort, workerData } from 'node:worker_threads';
import { BufferPool, type RowEvent, type RowLoopConfig, type RowLoopResult, runRowLoop } from './rows.js';
import { openSource, type ReadLimits } from './sources.js';
import { type FileFormat, IngestError } from './types.js';

/**
 * The record loop of a raw load on a worker thread (docs/ingest.md, "The record loop on a worker
 * thread"): a file is read, parsed, validated and encoded into COPY chunks here, while the thread that
 * called `ingestXendit` / `ingestSystemeio` feeds the chunks to the database (on PGlite, the thread
 * that runs the engine). Started by src/ingest/load.ts; never imported by it.
 */

export interface LoadWorkerInput {
  path: string;
  format: FileFormat | undefined;
  limits: ReadLimits;
  config: RowLoopConfig;
  /** Chunks and batches of rejected rows handed on and not yet acknowledged before the loop waits: bounds the memory held. */
  window: number;
}

/** An error, as plain data. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: IngestError['details'];
  stack?: string;
}

export type LoadWorkerMessage = RowEvent | { type: 'result'; result: RowLoopResult } | { type: 'error'; error: SerializedError };

/** What the loading thread answers to a chunk or a batch of rejected rows: taken, and the chunk's buffer when it is free again. */
export interface LoadWorkerAck {
  ack: true;
  buffer?: ArrayBuffer;
}

function serialize(error: unknown): SerializedError {
  if (error instanceof IngestError) return { name: error.name, message: error.message, code: error.code, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('load-worker.ts runs as a worker thread only');
  const input = workerData as LoadWorkerInput;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const pool = new BufferPool();
  port.on('message', (m: LoadWorkerAck) => {
    if (m?.ack !== true) return;
    if (m.buffer) pool.give(m.buffer);
    inFlight--;
    const w = wake;
    wake = undefined;
    w?.();
  });
  const post = (m: LoadWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  try {
    const opened = openSource({ path: input.path, format: input.format }, input.format, input.limits);
    const result = await runRowLoop(opened, input.config, (event) => {
      if (event.type === 'progress') {
        post(event);
        return undefined;
      }
      // A chunk's buffer is its own (LineBytes.take): moved, not copied. Chunks and rejected rows
      // are acknowledged once the database has them, so neither piles up ahead of it.
      post(event, event.type === 'chunk' ? [event.bytes.buffer as ArrayBuffer] : undefined);
      if (++inFlight < input.window) return undefined;
      return new Promise<void>((resolve) => {
        wake = resolve;
      });
    }, pool);
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', error: serialize(error) });
  }
}

void main();
