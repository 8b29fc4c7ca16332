import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { PGliteClient } from './pglite-dialect-config.ts';

// Commands whose row count kysely reports as numAffectedRows (as its PostgresDriver does).
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** The one connection a PGlite instance has; the driver lends it out under a mutex. */
export class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGliteClient;

  constructor(pglite: PGliteClient) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
        rowMode: 'object',
      });
      const count = result.rowCount ?? result.affectedRows;
      return {
        rows: result.rows ?? [],
        numAffectedRows:
          result.command !== undefined && WRITE_COMMANDS.has(result.command) && count !== undefined
            ? BigInt(count)
            : undefined,
      };
    } catch (error) {
      throw withCallerStack(error);
    }
  }

  /**
   * Not supported, on purpose: kysely streams from PostgreSQL only through `pg-cursor`, which the
   * store does not configure, so `stream()` fails there too. Failing the same way on both drivers
   * keeps code that works on PGlite working on PostgreSQL.
   */
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error(
      'streaming queries is not supported by the Touchpoint store (on PGlite or PostgreSQL); ' +
        'read in pages instead (order by a key, limit n, continue after the last key)',
    );
  }
}

// PGlite raises errors from inside its WASM loop, so their stack never mentions the code that
// ran the query. Append the caller's frames, as kysely's own drivers do.
function withCallerStack(error: unknown): unknown {
  if (error instanceof Error) {
    const caller = new Error().stack?.split('\n').slice(1).join('\n');
    if (caller) error.stack = `${error.stack ?? error.message}\n${caller}`;
  }
  return error;
}
