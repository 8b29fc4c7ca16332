import { randomUUID } from 'node:crypto';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '@touchpoint/store';
import { testPostgresUrl } from '@touchpoint/store/testing';
import { sql } from 'kysely';

/**
 * PostgreSQL for tests that need several processes on one database (PGlite cannot be shared
 * across processes, so there is no embedded fallback here).
 *
 * Same rule as `databaseTargets()` in @touchpoint/store/testing: when PostgreSQL is unreachable,
 * the suite is skipped with one printed reason, or fails when `TOUCHPOINT_REQUIRE_POSTGRES=1`.
 * Returns the URL, or undefined to skip.
 */
export async function postgresForProcesses(suite: string): Promise<string | undefined> {
  const url = testPostgresUrl();
  try {
    const probe = await openDatabase({ url, poolSize: 1, connectTimeoutMs: 5_000 });
    await probe.close();
    return url;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.TOUCHPOINT_REQUIRE_POSTGRES === '1') {
      throw new Error(`TOUCHPOINT_REQUIRE_POSTGRES=1 but PostgreSQL is not usable: ${reason}`, { cause: error });
    }
    console.warn(
      `[${suite}] SKIPPED: these tests need a real PostgreSQL shared by several processes: ${reason} ` +
        '(set TOUCHPOINT_TEST_DATABASE_URL to point elsewhere, or TOUCHPOINT_REQUIRE_POSTGRES=1 to fail instead)',
    );
    return undefined;
  }
}

export interface IsolatedSchema extends DatabaseHandle {
  url: string;
  /** Pass as DATABASE_SCHEMA to worker processes. */
  schema: string;
  /** Drops the schema (with everything in it) and closes the pool. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated schema. The name uses the `tp_test_<base36 time>_` prefix of
 * @touchpoint/store/testing, so a test process killed before `drop()` leaves a schema that the
 * store's sweep of abandoned test schemas removes a day later.
 */
export async function isolatedSchema(url: string, poolSize = 8): Promise<IsolatedSchema> {
  const schema = `tp_test_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  const handle = await openDatabase({ url, schema, poolSize });
  let dropping: Promise<void> | undefined;
  const drop = () =>
    (dropping ??= (async () => {
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
      } finally {
        await handle.close();
      }
    })());
  try {
    await sql`create schema ${sql.id(schema)}`.execute(handle.db);
    await migrateToLatest(handle.db);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { ...handle, url, schema, drop };
}
