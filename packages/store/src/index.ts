export { openDatabase, type DatabaseHandle, type DatabaseKind, type OpenDatabaseOptions, type PostgresOptions } from './connect.ts';
export { migrateToLatest, migrationLevel, type MigrateOptions, type MigrateResult, type MigrationProgress } from './migrate.ts';
export { StoreError, isUniqueViolation, type StoreErrorCode } from './errors.ts';
export { PGliteDialect } from './pglite/pglite-dialect.ts';
export type { PGliteClient, PGliteDialectConfig } from './pglite/pglite-dialect-config.ts';
export type * from './schema.ts';
