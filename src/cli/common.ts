import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { dbErrorMessage, type OpenedDatabase, openDatabase, queryRows, redactUrl } from '../db.js';
import { UnifiedSchemaError } from '../errors.js';
import { migrationStatus } from '../migrations/index.js';

/** The default local folder of the embedded database. */
export const DEFAULT_DATA_DIR = '.data/unified-schema';

/**
 * Exit codes (docs/cli.md): 0 done, 1 refused or failed (or "not ready" from status/prepare),
 * 2 usage (unknown command or option, bad argument).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A refusal or failure the CLI reports as `error: <message>` (or JSON) with its code and exit status. */
export class CliError extends UnifiedSchemaError {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(code, message, { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT.failed;
  }
}

/** A stream the CLI writes to: `process.stdout` / `process.stderr`, or a test's collector. */
export interface CliWriter {
  write(text: string): unknown;
  /** A terminal: progress bars and live lines are drawn only there. */
  isTTY?: boolean;
}

/**
 * Everything the CLI takes from its process. `main(args, io)` gets it as a parameter (default:
 * `processIo()`), so the CLI also runs inside another process (the tests) without touching its state.
 */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** DATABASE_URL, XENDIT_SECRET_KEY and SYSTEMEIO_API_KEY are read here, never from `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths (`--data-dir`, input files, `--out`, `--sample-dir`) are resolved against. */
  cwd: string;
}

/** The bin's io: this process's streams, environment and folder. */
export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/**
 * The one output object of a CLI run: every line, JSON document, note and progress display of the
 * commands goes through it (commander's help and errors too, see `main`), and a command that
 * finishes with a "not ready" or "failed" answer sets `exitCode` on it.
 */
export class CliOutput {
  exitCode: number = EXIT.ok;
  constructor(
    readonly io: CliIo,
    /** --json: a command prints one JSON document (`printJson`) and no human lines. */
    readonly json: boolean,
  ) {}

  /** A human line on stdout; nothing under --json (the command prints one JSON document instead). */
  readonly say = (line: string): void => {
    if (!this.json) this.io.stdout.write(`${line}\n`);
  };

  /** One JSON document on stdout: the whole output of a command under --json. */
  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** An error under --json: one JSON document on stderr. */
  printError(code: string, message: string): void {
    this.io.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  }

  /** A line on stderr: errors and notes. */
  error(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  /** Human output with a terminal on stderr: progress may be drawn there. */
  get interactive(): boolean {
    return !this.json && Boolean(this.io.stderr.isTTY);
  }

  /** `path` (as typed on the command line) resolved against the run's folder. */
  path(path: string): string {
    return resolve(this.io.cwd, path);
  }
}

/** The options every command takes (declared once on the program, listed in every command's help). */
export interface GlobalOptions {
  databaseUrl?: string;
  dataDir: string;
  json?: boolean;
}

export const globalOptions = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();

export interface OpenHow {
  /** May create the embedded database (migrate, demo): only in a missing or empty folder. */
  create?: boolean;
  /** Refuse a database with pending migrations (every command that reads or writes the schema's tables). */
  ready?: boolean;
  /** Read DATABASE_URL when --database-url is absent (default true; the demo never does). */
  env?: boolean;
}

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/**
 * The one way the CLI opens a database: `--database-url` (else DATABASE_URL) on a server, checked
 * with a first query so a wrong URL reports its real cause (password redacted); otherwise the
 * embedded PGlite in `--data-dir`, which must already be a database (PG_VERSION in it) unless
 * `create` is set, and is never created inside a non-empty folder that is not one.
 */
export async function openCliDatabase(out: CliOutput, opts: GlobalOptions, how: OpenHow = {}): Promise<OpenedDatabase> {
  const url = opts.databaseUrl || (how.env === false ? undefined : out.io.env.DATABASE_URL || undefined);
  let opened: OpenedDatabase;
  if (url) {
    if (!isPostgresUrl(url)) {
      throw new CliError('invalid_url', `${redactUrl(url)} is not a PostgreSQL URL: expected postgres://user:password@host:port/database`);
    }
    opened = await openDatabase({ url, max: 4 });
    try {
      await queryRows(opened.db, 'select 1');
    } catch (error) {
      await opened.close().catch(() => {});
      throw new CliError('connection_failed', `cannot connect to ${redactUrl(url)}: ${connectionCause(error)}`, { cause: error });
    }
  } else {
    // `dir` as typed, in messages; `path` resolved against the run's folder, for the file system
    const dir = opts.dataDir;
    const path = dir.includes('://') ? dir : out.path(dir);
    if (!dir.includes('://') && !existsSync(join(path, 'PG_VERSION'))) {
      const present = existsSync(path);
      if (!how.create) {
        throw new CliError(
          'no_database',
          `${dir} is not a database (${present ? 'no PG_VERSION in it' : 'no such folder'}): create one with \`unified-schema migrate --data-dir ${dir}\`, or pass --database-url`,
        );
      }
      if (present && (!statSync(path).isDirectory() || readdirSync(path).length > 0)) {
        throw new CliError('not_a_database', `${dir} is not empty and is not a PGlite database: refusing to create a database in it (pick an empty or new folder)`);
      }
    }
    opened = await openDatabase({ dataDir: path, embedded: true });
  }
  if (how.ready) {
    try {
      const status = await migrationStatus(opened.db);
      if (!status.upToDate) {
        throw new CliError('pending_migrations', `the database has ${status.pending.length} pending migration(s): run \`unified-schema migrate\` first`);
      }
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  return opened;
}

/** The driver's reason a connection failed (`connect ECONNREFUSED 127.0.0.1:5999`, `database "x" does not exist`). */
function connectionCause(error: unknown): string {
  const message = dbErrorMessage(error);
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `unknown host (${message})`;
  if (code === 'ECONNREFUSED') return `connection refused: is PostgreSQL running there? (${message})`;
  return message || String(code ?? 'unknown error');
}
