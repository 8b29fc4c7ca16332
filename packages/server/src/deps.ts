import type { Runtime } from '@touchpoint/runtime';
import type { Database, DatabaseKind } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import type { ChangeHub } from './hub.ts';

/** What the HTTP layer needs; everything is passed in, so tests build an app around any database. */
export interface ServerDeps {
  db: Kysely<Database>;
  runtime: Runtime;
  hub: ChangeHub;
  database: { kind: DatabaseKind; migration: () => Promise<string | null> };
  /** Largest request body accepted, in bytes (default 1 MiB; blueprints may be larger: see limits). */
  maxBodyBytes?: number;
}
