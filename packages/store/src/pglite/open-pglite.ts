import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { StoreError } from '../errors.ts';
import type { Database } from '../schema.ts';
import { JSON_OIDS, typeParsers } from '../type-parsers.ts';
import { claimDataDir, type DataDirClaim } from './data-dir.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { serializeJsonParameter } from './json-parameter.ts';

/** Starts PGlite in `dataDir` (or in memory when it is undefined) behind a Kysely instance. */
export async function openPGlite(dataDir: string | undefined): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  const folder = dataDir === undefined ? undefined : resolve(dataDir);
  const claim: DataDirClaim | undefined = folder === undefined ? undefined : claimDataDir(folder);
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      ...(claim ? { dataDir: claim.pgdata } : {}),
      parsers: typeParsers,
      serializers: Object.fromEntries(JSON_OIDS.map((oid) => [oid, serializeJsonParameter])),
    });
    await pglite.waitReady;
  } catch (error) {
    claim?.release();
    const where = folder === undefined ? 'in memory' : `in ${folder}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError('TP_STORE_PGLITE_START_FAILED', `the embedded database could not start ${where}: ${reason}`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    async close() {
      try {
        await db.destroy(); // closes PGlite, which flushes its files
      } finally {
        claim?.release();
      }
    },
  };
}
