import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

export async function startPostgresServer(options: { log?: (line: string) => void } = {}): Promise<PostgresServer> {
  const bins = findPostgresBinaries();
  if (!bins) throw new Error('PostgreSQL binaries (initdb, postgres) not found: install them (apt-get install postgresql) or set PG_BIN_DIR');
  const asRoot = process.getuid?.() === 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'unified-schema-pg-'));
  chmodSync(dataDir, 0o700);
  const nobody = 65534;
  if (asRoot) chownSync(dataDir, nobody, nobody);
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args]);
  const pgdata = join(dataDir, 'data');
  const [initCmd, initArgs] = wrap(bins.initdb, ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe', cwd: dataDir });
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dataDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
    'shared_buffers = 256MB',
    "timezone = 'UTC'",
  ];
  const confFile = join(pgdata, 'postgresql.auto.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`);
  if (asRoot) chownSync(confFile, nobody, nobody);
  const [cmd, args] = wrap(bins.postgres, ['-D', pgdata]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
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
