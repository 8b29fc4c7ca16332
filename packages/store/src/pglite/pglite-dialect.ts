import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import type { PGliteDialectConfig } from './pglite-dialect-config.ts';
import { PGliteDriver } from './pglite-driver.ts';

/**
 * Kysely dialect for PGlite (PostgreSQL compiled to WASM). PGlite *is* PostgreSQL, so everything
 * but the driver is kysely's Postgres support: same SQL, same migrations, same introspection.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: new PGlite() }) });
 */
export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
