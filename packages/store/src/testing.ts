import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Shared test setup (`@touchpoint/store/testing`), in the spirit of kysely's test-setup: every
 * suite runs once per database target. PGlite in memory always; real PostgreSQL when reachable.
 *
 * @example
 * const targets = await databaseTargets();
 * describe.each(targets)('on $name', (target) => {
 *   let t: TestDatabase;
 *   beforeAll(async () => { t = await target.open() });
 *   afterAll(() => t.close());
 *   it('works', async () => { await t.db.selectFrom('cases').selectAll().execute() });
 * });
 */
export interface DatabaseTarget {
  readonly name: DatabaseKind;
  /** Opens a fresh, isolated database (migrated unless `migrate: false`). */
  open(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

export interface TestDatabase extends DatabaseHandle {
  /** On PostgreSQL, the throwaway schema holding this database's tables. */
  readonly schema?: string;
  /** Drops the throwaway schema (PostgreSQL) and closes. */
  close(): Promise<void>;
}

/** `TOUCHPOINT_TEST_DATABASE_URL`, or the local default. */
export function testPostgresUrl(): string {
  return process.env.TOUCHPOINT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

const SCHEMA_PREFIX = 'tp_test_';
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

// A test process that is killed never drops its schema; sweep those older than a day.
async function dropAbandonedSchemas({ db }: DatabaseHandle): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select nspname as name from pg_namespace where starts_with(nspname, ${SCHEMA_PREFIX})`.execute(db);
  for (const { name } of rows) {
    const createdAt = Number.parseInt(name.slice(SCHEMA_PREFIX.length).split('_')[0] ?? '', 36);
    if (Date.now() - createdAt < ABANDONED_AFTER_MS) continue;
    // Another test process may be sweeping the same schema; losing that race is fine.
    await sql`drop schema if exists ${sql.id(name)} cascade`.execute(db).catch(() => undefined);
  }
}

const pglite: DatabaseTarget = {
  name: 'pglite',
  async open({ migrate = true } = {}) {
    const handle = await openDatabase({ memory: true });
    if (migrate) await migrateToLatest(handle.db);
    return handle;
  },
};

function postgres(url: string): DatabaseTarget {
  return {
    name: 'postgres',
    async open({ migrate = true } = {}) {
      // One schema per open, so test files running in parallel never see each other's rows.
      const schema = `${SCHEMA_PREFIX}${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
      const handle = await openDatabase({ url, schema, poolSize: 4 });
      await sql`create schema ${sql.id(schema)}`.execute(handle.db);
      if (migrate) await migrateToLatest(handle.db);
      return {
        ...handle,
        schema,
        async close() {
          try {
            await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
          } finally {
            await handle.close();
          }
        },
      };
    },
  };
}

let probe: Promise<DatabaseTarget[]> | undefined;

/**
 * The targets to run against. If PostgreSQL cannot be reached, its target is left out with one
 * line saying so, or, when `TOUCHPOINT_REQUIRE_POSTGRES=1` (CI), this rejects so the suite fails.
 */
export function databaseTargets(): Promise<DatabaseTarget[]> {
  probe ??= (async () => {
    const url = testPostgresUrl();
    try {
      const handle = await openDatabase({ url, poolSize: 1, connectTimeoutMs: 5_000 });
      // Housekeeping only: a failed sweep must not turn into "PostgreSQL unreachable".
      await dropAbandonedSchemas(handle)
        .catch(() => undefined)
        .finally(() => handle.close());
      return [pglite, postgres(url)];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (process.env.TOUCHPOINT_REQUIRE_POSTGRES === '1') {
        throw new Error(`TOUCHPOINT_REQUIRE_POSTGRES=1 but PostgreSQL is not usable: ${reason}`, { cause: error });
      }
      console.warn(
        `[touchpoint/store] SKIPPING the PostgreSQL variant of these tests (PGlite still runs): ${reason} ` +
          '(set TOUCHPOINT_TEST_DATABASE_URL to point elsewhere, or TOUCHPOINT_REQUIRE_POSTGRES=1 to fail instead)',
      );
      return [pglite];
    }
  })();
  return probe;
}

/**
 * Runs `use` with the URL of a brand-new PostgreSQL database (for whole processes that migrate it
 * themselves, such as `touchpoint start`), dropped afterwards. Without a reachable server it skips
 * with a printed reason — or fails when TOUCHPOINT_REQUIRE_POSTGRES=1, as `databaseTargets` does.
 */
export async function withScratchDatabase(prefix: string, use: (url: string) => Promise<void>): Promise<void> {
  const { Client } = (await import('pg')).default;
  const admin = new Client({ connectionString: testPostgresUrl() });
  try {
    await admin.connect();
  } catch (error) {
    if (process.env.TOUCHPOINT_REQUIRE_POSTGRES === '1') throw error;
    console.warn(`skipped: PostgreSQL unreachable at ${testPostgresUrl()}`);
    return;
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(testPostgresUrl());
    url.pathname = `/${name}`;
    await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
