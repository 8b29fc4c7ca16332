import {
  CompiledQuery,
  createQueryId,
  IdentifierNode,
  RawNode,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import { ConnectionMutex } from './connection-mutex.ts';
import { PGliteConnection } from './pglite-connection.ts';
import type { PGliteClient, PGliteDialectConfig } from './pglite-dialect-config.ts';

const slowAcquireHint = (ms: number) =>
  `[touchpoint/store] a query has waited ${ms / 1000}s for PGlite's single connection. ` +
  'If it was issued inside db.transaction(), run it through the transaction object (trx) instead of db.';

/**
 * PGlite is one PostgreSQL backend with one session, so the driver has exactly one connection.
 * Kysely holds a connection for the whole of a transaction; the mutex makes every other query
 * wait until it is released, so a transaction is never interleaved with unrelated statements.
 *
 * Consequence (as with SQLite): inside `db.transaction().execute(async (trx) => ...)`, query
 * through `trx`. A query through the outer `db` waits for the transaction, which waits for it.
 */
export class PGliteDriver implements Driver {
  readonly #config: PGliteDialectConfig;
  readonly #mutex = new ConnectionMutex();
  #pglite: PGliteClient | undefined;
  #connection: PGliteConnection | undefined;

  constructor(config: PGliteDialectConfig) {
    this.#config = { ...config };
  }

  async init(): Promise<void> {
    const { pglite, onCreateConnection } = this.#config;
    this.#pglite = typeof pglite === 'function' ? await pglite() : pglite;
    this.#connection = new PGliteConnection(this.#pglite);
    await onCreateConnection?.(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // The deadlock described above hangs silently; after a long wait, say what usually causes it.
    const waitMs = this.#config.slowAcquireWarningMs ?? 10_000;
    const hint = setTimeout(() => console.warn(slowAcquireHint(waitMs)), waitMs);
    hint.unref();
    try {
      await this.#mutex.lock();
    } finally {
      clearTimeout(hint);
    }
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error('the PGlite driver has been destroyed');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // Same statements as kysely's PostgresDriver, so transaction options behave identically.
    let sql = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      sql = 'start transaction';
      if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) sql += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(sql));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepointQuery('savepoint', name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepointQuery('rollback to', name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(savepointQuery('release', name, compile));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    const pglite = this.#pglite;
    this.#pglite = undefined;
    this.#connection = undefined;
    await pglite?.close();
  }
}

// Built like kysely's own drivers do: the name goes through the compiler as an identifier, so it
// is quoted and escaped by the same rules as every other identifier.
function savepointQuery(command: string, name: string, compile: QueryCompiler['compileQuery']): CompiledQuery {
  const node = RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
  return compile(node, createQueryId());
}
