import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { StoreError } from './errors.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationProgress {
  /** The migration about to run. */
  migration: string;
  /** 1-based position among the migrations this run applies. */
  index: number;
  total: number;
}

export interface MigrateOptions {
  onProgress?: (progress: MigrationProgress) => void;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when already up to date. */
  applied: string[];
  /** The newest migration now applied. */
  level: string;
}

/**
 * Applies every pending migration, all in one transaction under kysely's migration lock, so
 * concurrent callers (several workers starting at once) are safe and a failure applies nothing.
 *
 * @example
 * const { applied, level } = await migrateToLatest(db, {
 *   onProgress: ({ migration, index, total }) => console.log(`migrating ${index}/${total}: ${migration}`),
 * });
 */
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrator = await createMigrator(db, options.onProgress);
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'TP_STORE_MIGRATION_FAILED',
      failed
        ? `migration ${failed.migrationName} failed: ${reason}. Nothing was applied (pending migrations run in one transaction).`
        : `could not migrate the database: ${reason}`,
      { cause: error },
    );
  }
  const level = await migrationLevel(db);
  if (level === null) throw new StoreError('TP_STORE_MIGRATION_FAILED', 'no migration is recorded after migrating');
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
    level,
  };
}

/** The newest migration applied to the database (its name), or null when none has been. */
export async function migrationLevel(db: Kysely<any>): Promise<string | null> {
  // Two statements: a query naming a missing table fails when parsed, whatever guards it.
  const { rows: found } = await sql<{ table: string | null }>`
    select to_regclass(${DEFAULT_MIGRATION_TABLE})::text as table`.execute(db);
  if (!found[0]?.table) return null;
  const { rows } = await sql<{ level: string | null }>`
    select max(name) as level from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  return rows[0]?.level ?? null;
}

/**
 * A kysely Migrator over our in-code migrations. Exported for tests and tools that need to go
 * down as well as up; applications use `migrateToLatest`.
 */
export async function createMigrator(db: Kysely<any>, onProgress?: MigrateOptions['onProgress']): Promise<Migrator> {
  return new Migrator({
    db,
    provider: await progressProvider(db, onProgress),
    // Pin kysely's bookkeeping tables to our schema. Without this, kysely considers them present
    // when *any* schema has them, which breaks a second install (or test) in the same database.
    migrationTableSchema: await currentSchema(db),
  });
}

async function progressProvider(db: Kysely<any>, onProgress: MigrateOptions['onProgress']): Promise<MigrationProvider> {
  if (!onProgress) return { getMigrations: async () => ({ ...migrations }) };
  const level = await migrationLevel(db);
  const pending = Object.keys(migrations)
    .sort()
    .filter((name) => level === null || name > level);
  const wrapped: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    wrapped[name] = {
      ...migration,
      up: async (trx) => {
        onProgress({ migration: name, index: pending.indexOf(name) + 1, total: pending.length });
        await migration.up(trx);
      },
    };
  }
  return { getMigrations: async () => wrapped };
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new StoreError(
      'TP_STORE_MIGRATION_FAILED',
      'there is no current schema: the search_path names no schema that exists. Create the schema first.',
    );
  }
  return schema;
}
