import type { Kysely } from 'kysely';
import { StoreError } from './errors.ts';
import { openPGlite } from './pglite/open-pglite.ts';
import { openPostgres, type PostgresOptions } from './postgres/open-postgres.ts';
import type { Database } from './schema.ts';

export type { PostgresOptions };

/** Where the data lives: a PostgreSQL server, a PGlite data folder, or PGlite in memory (tests). */
export type OpenDatabaseOptions = PostgresOptions | { dataDir: string } | { memory: true };

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Closes the pool or stops PGlite (flushing its files). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the database. Fails fast, with a `StoreError` naming the server or folder, when it cannot
 * be reached or written. Does not migrate: call `migrateToLatest(handle.db)` for that.
 *
 * @example
 * const { db, close } = await openDatabase(
 *   process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: '.touchpoint/data' },
 * );
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    return handle('postgres', await openPostgres(options), (db) => db.destroy());
  }
  if ('dataDir' in options || ('memory' in options && options.memory === true)) {
    const pglite = await openPGlite('dataDir' in options ? options.dataDir : undefined);
    return handle('pglite', pglite.db, () => pglite.close());
  }
  throw new StoreError('TP_STORE_BAD_OPTIONS', 'openDatabase needs { url }, { dataDir } or { memory: true }');
}

function handle(kind: DatabaseKind, db: Kysely<Database>, destroy: (db: Kysely<Database>) => Promise<void>): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    close: () => (closing ??= destroy(db)),
  };
}
