import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type Extensions, MemoryFS, PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * How a migrated PGlite data directory is made small and started fast (measured in bench/foundation.ts
 * and docs/testing.md). A fresh PGlite loaded from a `dumpDataDir()` tarball spent its time in:
 * - reading the tarball (PGlite copies the Blob, untars it, checks every parent folder of every file):
 *   proportional to its size, 65 MB of which 32 MB were two 16 MB WAL segments;
 * - zeroing 128 MB of shared buffers when postgres starts;
 * - reading and gunzipping every extension's bundle and compiling its library, whether a test uses it or not.
 * So the snapshot is made by an initdb with 1 MB WAL segments and no segment recycling (33 MB), parsed
 * once per process into files, and each instance writes those files into its own in-memory file system
 * (`SnapshotFs`: copies, so every instance is isolated) and starts with smaller shared buffers. The
 * extensions' files (control, SQL scripts, libraries) are unpacked once per process and written the same
 * way; postgres loads a library when a function of it is first called, as it does on a server.
 */

/** Where PGlite keeps its installation (share/, lib/) in its virtual file system. */
const PGLITE_PREFIX = '/pglite';
/** Where PGlite keeps its data directory (PGlite's PGDATA). */
const PGDATA = `${PGLITE_PREFIX}/data`;

/** Options of the PGlite that migrates and dumps the snapshot: 1 MB WAL segments, none kept ahead. */
export const SNAPSHOT_MAKER_OPTIONS = {
  initDbStartParams: ['--wal-segsize=1'],
  startParams: [...PGlite.defaultStartParams, '-c', 'wal_recycle=off', '-c', 'min_wal_size=2MB'],
} satisfies Pick<PGliteOptions, 'initDbStartParams' | 'startParams'>;

/**
 * Options of every test instance. A test database holds a few MB; 16 MB of shared buffers (postgres'
 * default is 128 MB) spares zeroing 112 MB at every start. The data still lives in memory (PGlite's
 * file system), so a page that leaves the buffers is a memory copy away.
 */
export const TEST_INSTANCE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
} satisfies Pick<PGliteOptions, 'startParams'>;

export interface SnapshotEntry {
  /** Path inside the data directory, without a leading slash (`base/5/1255`). */
  path: string;
  /** File contents; undefined for a folder. */
  data?: Uint8Array;
}

function tarString(bytes: Uint8Array, offset: number, length: number): string {
  const end = bytes.indexOf(0, offset);
  return new TextDecoder().decode(bytes.subarray(offset, end === -1 || end > offset + length ? offset + length : end));
}

/**
 * The folders and files of a ustar archive, gzipped or not (what `dumpDataDir()` writes), in archive order.
 * Each file's data is a view into the archive, and always a plain Uint8Array, never a Buffer: MEMFS
 * copies a plain Uint8Array into each instance (`Uint8Array.prototype.slice`), but would keep a Buffer's
 * `slice`, itself a view, so that instances shared and changed one copy. A copy made here as well would
 * be a second 36 MB the process allocates (and faults in) before its first instance starts.
 */
export function untar(archive: Uint8Array): SnapshotEntry[] {
  // dumpDataDir() gzips by default ('auto' in Node): accept both.
  const plain = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const bytes = new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  const entries: SnapshotEntry[] = [];
  for (let offset = 0; offset + 512 <= bytes.length; ) {
    const name = tarString(bytes, offset, 100);
    if (!name) break; // two zero blocks end the archive
    const size = Number.parseInt(tarString(bytes, offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(bytes[offset + 156] ?? 0);
    const prefix = tarString(bytes, offset + 345, 155);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\/+|\/+$/g, '');
    offset += 512;
    if (type === '5') entries.push({ path });
    else if (type === '0' || type === '\0') entries.push({ path, data: bytes.subarray(offset, offset + size) });
    offset += Math.ceil(size / 512) * 512;
  }
  return entries;
}

/**
 * PGlite's in-memory file system, filled with a data directory before postgres starts (PGlite then
 * finds PG_VERSION and resumes it). Each file is copied into this instance's memory: instances never
 * share a byte, exactly as with `loadDataDir`, minus the tarball's reading and parsing at every start.
 */
export class SnapshotFs extends MemoryFS {
  /**
   * @param entries the data directory's folders and files (`untar` of a snapshot)
   * @param installed files added to PGlite's installation (`extensionEntries`), paths under /pglite
   */
  constructor(
    private readonly entries: readonly SnapshotEntry[],
    private readonly installed: readonly SnapshotEntry[] = [],
  ) {
    super();
  }

  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const FS = (this.pg as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
    const folders = new Set<string>();
    const folder = (path: string) => {
      if (!folders.has(path)) FS.mkdirTree(path);
      folders.add(path);
    };
    folder(PGDATA);
    const write = (root: string, entries: readonly SnapshotEntry[]) => {
      for (const entry of entries) {
        const path = `${root}/${entry.path}`;
        if (!entry.data) folder(path);
        else {
          folder(path.slice(0, path.lastIndexOf('/')));
          FS.writeFile(path, entry.data);
        }
      }
    };
    write(PGLITE_PREFIX, this.installed);
    write(PGDATA, this.entries);
  }
}

interface EmscriptenFs {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
}

/**
 * The files of PGlite extensions' bundles (control files, SQL scripts, libraries), for `SnapshotFs`:
 * unpacked once, written into each instance instead of passing `extensions` (which unpacks every bundle
 * and compiles every library at every start). Only for extensions that are a bundle and nothing else
 * (no namespace object, no preloaded library): citext, pg_trgm, pgcrypto.
 */
export async function extensionEntries(extensions: Extensions): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  for (const [name, extension] of Object.entries(extensions)) {
    const setup = extension instanceof URL ? { bundlePath: extension } : await extension.setup(undefined as never, {});
    if (!setup.bundlePath || ('namespaceObj' in setup && setup.namespaceObj) || setup.sharedPreloadLibraries?.length || setup.init) {
      throw new Error(`PGlite extension ${name} needs more than its files; pass it as an extension`);
    }
    entries.push(...untar(readFileSync(fileURLToPath(setup.bundlePath))));
  }
  return entries;
}
