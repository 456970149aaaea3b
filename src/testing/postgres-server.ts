import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, freemem, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp dir, `postgres` on
 * 127.0.0.1 and a free port, stopped (and the dir removed) by `stop()`. initdb and postgres refuse
 * to run as root, so as root both run as the unprivileged user `nobody`.
 */
export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  version: string;
  stop: () => Promise<void>;
}

const CANDIDATE_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** Finds initdb/postgres on PATH or in Debian's versioned folders; null when absent. */
export function findPostgresBinaries(): { initdb: string; postgres: string } | null {
  const dirs = [process.env.PG_BIN_DIR, ...(process.env.PATH ?? '').split(':'), ...CANDIDATE_DIRS].filter(Boolean) as string[];
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres };
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** tmpfs with this much free space, and this much free memory, holds the throwaway cluster (see {@link clusterParentDir}). */
const MIN_TMPFS_FREE = 4 * 1024 ** 3;

/**
 * Where the throwaway cluster lives: `PG_TEST_DATA_PARENT` when set, else /dev/shm (memory) when it
 * and the machine have 4 GB free, else the OS temp dir. On a virtual disk CREATE DATABASE … TEMPLATE spent ~500 ms creating
 * and writing the template's ~1,000 small files (fsync is off: it is not durability, it is the file
 * system); in memory it takes ~25 ms. The data is thrown away at `stop()` either way.
 */
export function clusterParentDir(): string {
  const chosen = process.env.PG_TEST_DATA_PARENT;
  if (chosen) return chosen;
  try {
    const fs = statfsSync('/dev/shm');
    // tmpfs pages are memory: a large bench (1M rows) must not push a shared machine out of it.
    if (fs.bavail * fs.bsize >= MIN_TMPFS_FREE && freemem() >= MIN_TMPFS_FREE) return '/dev/shm';
  } catch {
    // no /dev/shm (macOS, Windows): the temp dir
  }
  return tmpdir();
}

/**
 * glibc malloc settings of the server's processes (`GLIBC_TUNABLES`), each one unless the caller's
 * environment sets it. `hugetlb=1`: malloc asks the kernel for transparent huge pages (`madvise`, the
 * mode Debian and Ubuntu ship) for the backends' large allocations (sorts, hashes, index builds), so
 * `prepare` at 1M + 1M takes half the page faults (372k -> 190k) and ran ~2 s faster
 * (docs/ingest-performance.md, "Huge pages and glibc's malloc"). glibc before 2.35 and other C
 * libraries ignore it.
 */
export const SERVER_MALLOC_TUNABLES: readonly string[] = ['glibc.malloc.hugetlb=1'];

/** The server's `GLIBC_TUNABLES`: the caller's, then each of {@link SERVER_MALLOC_TUNABLES} the caller did not set. */
export function serverGlibcTunables(existing = process.env.GLIBC_TUNABLES): string {
  const own = (existing ?? '').split(':').filter(Boolean);
  const name = (t: string) => t.split('=')[0];
  const set = new Set(own.map(name));
  return [...own, ...SERVER_MALLOC_TUNABLES.filter((t) => !set.has(name(t)))].join(':');
}

export async function startPostgresServer(options: { log?: (line: string) => void } = {}): Promise<PostgresServer> {
  const bins = findPostgresBinaries();
  if (!bins) throw new Error('PostgreSQL binaries (initdb, postgres) not found: install them (apt-get install postgresql) or set PG_BIN_DIR');
  const asRoot = process.getuid?.() === 0;
  const dataDir = mkdtempSync(join(clusterParentDir(), 'unified-schema-pg-'));
  chmodSync(dataDir, 0o700);
  const nobody = 65534;
  if (asRoot) chownSync(dataDir, nobody, nobody);
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args]);
  // runuser keeps the environment it is given (it is not a login shell)
  const serverEnv = { ...process.env, GLIBC_TUNABLES: serverGlibcTunables() };
  const pgdata = join(dataDir, 'data');
  const [initCmd, initArgs] = wrap(bins.initdb, ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe', cwd: dataDir });
  const port = await freePort();
  const halfTheCores = Math.max(1, Math.floor(availableParallelism() / 2));
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dataDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
    'shared_buffers = 256MB',
    // parallel workers sized to the machine, pgtune's rule: half the cores (at least one) per query
    // and per index build. The defaults (2 each) put three processes on a 2-core machine, where they
    // are slower than two: prepare's 32 index builds at 1M+1M took 8.7 s with 2 workers, 8.1 s with 1.
    `max_parallel_workers_per_gather = ${halfTheCores}`,
    `max_parallel_maintenance_workers = ${halfTheCores}`,
    "timezone = 'UTC'",
  ];
  const confFile = join(pgdata, 'postgresql.auto.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`);
  if (asRoot) chownSync(confFile, nobody, nobody);
  const [cmd, args] = wrap(bins.postgres, ['-D', pgdata]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: serverEnv });
  let output = '';
  child.stderr?.on('data', (d) => {
    output += String(d);
    options.log?.(String(d));
  });
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  const started = Date.now();
  while (!output.includes('database system is ready to accept connections')) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}) before it was ready:\n${output}`);
    if (Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`postgres did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const version = execFileSync(bins.postgres, ['--version'], { encoding: 'utf8' }).trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    version,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // SIGINT to the postmaster itself (its pid is in postmaster.pid): "fast" shutdown.
        const pidFile = join(pgdata, 'postmaster.pid');
        const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : child.pid;
        if (pid) process.kill(pid, 'SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && pid) process.kill(pid, 'SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
