import type { DatabaseConnection } from 'kysely';

/**
 * The slice of `@electric-sql/pglite`'s PGlite class the dialect uses. Declared here (as kysely
 * declares `PostgresPool`) so the dialect does not depend on PGlite's internal types.
 */
export interface PGliteClient {
  query<R>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'object' | 'array' },
  ): Promise<{ rows: R[]; affectedRows?: number; rowCount?: number; command?: string }>;
  close(): Promise<void>;
}

export interface PGliteDialectConfig {
  /** A PGlite instance, or a function creating one on first use. The driver closes it on destroy. */
  pglite: PGliteClient | (() => Promise<PGliteClient>);
  /** Called once, when the single connection is first set up. */
  onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
  /** Warn on stderr when a query waits this long for the connection (a likely deadlock). Default 10 000. */
  slowAcquireWarningMs?: number;
}
