import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { StoreError } from '../errors.ts';
import type { Database } from '../schema.ts';
import { pgTypeOverrides } from '../type-parsers.ts';

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Most connections this process opens (pg Pool `max`). Default 10. */
  poolSize?: number;
  /**
   * Put every table in this schema (sets `search_path` on each connection). Default: the
   * server's search_path, normally `public`. Lets tests or several installs share a database.
   */
  schema?: string;
  /** Give up connecting after this long. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Called when an idle pooled connection fails (e.g. the server restarted). The pool drops that
   * connection and opens a new one on next use. Default: log it to stderr.
   */
  onPoolError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a pg Pool, proves the server answers, and wraps it in Kysely. */
export async function openPostgres(options: PostgresOptions): Promise<Kysely<Database>> {
  const { url, poolSize = 10, schema, connectTimeoutMs = 10_000 } = options;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new StoreError('TP_STORE_BAD_OPTIONS', `poolSize must be a positive integer, got ${poolSize}`);
  }
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError('TP_STORE_BAD_OPTIONS', `schema must be a lower-case identifier (a-z, 0-9, _), got "${schema}"`);
  }
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    types: pgTypeOverrides(),
    // A startup option rather than `SET` after connect: it is in force before any query runs.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  const onError = options.onPoolError ?? ((error: Error) => console.error(`[touchpoint/store] PostgreSQL connection failed: ${error.message}`));
  pool.on('error', onError);
  // A connection in use that the server drops (a restart, a failover) also emits 'error' on its
  // client; the query in flight rejects on its own, and without this listener the process would crash.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(url, error);
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// Turn pg's terse socket errors into a message that says where we tried and what to do.
function connectError(url: string, cause: unknown): StoreError {
  const server = describeServer(url);
  const details = cause as { code?: string; message?: string; severity?: string };
  if (details.severity !== undefined) {
    // The server answered and refused: wrong database, user or password.
    return new StoreError('TP_STORE_CONNECT_FAILED', `PostgreSQL at ${server} refused the connection: ${details.message}`, {
      cause,
    });
  }
  const reason = details.code ?? details.message ?? String(cause);
  return new StoreError(
    'TP_STORE_UNREACHABLE',
    `cannot reach PostgreSQL at ${server} (${reason}). Is PostgreSQL running there? Start it ` +
      '(for example `pg_ctlcluster <version> main start` or `docker run -p 5432:5432 postgres`), ' +
      'check the database URL, or leave DATABASE_URL unset to use the embedded database.',
    { cause },
  );
}

/** host:port/database from a connection URL, never the password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `${host}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured URL (it could not be parsed)';
  }
}
