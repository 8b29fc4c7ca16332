import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '@touchpoint/store';
import type { Output } from './output.ts';

export interface DatabaseChoice {
  /** `DATABASE_URL` (PostgreSQL) wins; otherwise embedded PGlite in the data folder. */
  url?: string;
  dataDir: string;
}

export function databaseChoice(dataDir: string | undefined): DatabaseChoice {
  const choice: DatabaseChoice = { dataDir: resolve(dataDir ?? process.env.TOUCHPOINT_DATA_DIR ?? '.touchpoint') };
  if (process.env.DATABASE_URL) choice.url = process.env.DATABASE_URL;
  return choice;
}

/** Opens the database and brings its schema up to date, saying what it does. */
export async function openMigrated(choice: DatabaseChoice, output: Output): Promise<DatabaseHandle> {
  const where = choice.url ? `PostgreSQL (${redact(choice.url)})` : `the embedded database in ${choice.dataDir}`;
  output.out(`Opening ${where}…`);
  if (!choice.url) mkdirSync(choice.dataDir, { recursive: true });
  const handle = await openDatabase(choice.url ? { url: choice.url } : { dataDir: `${choice.dataDir}/data` });
  try {
    const { applied, level } = await migrateToLatest(handle.db, {
      onProgress: ({ migration, index, total }) => output.out(`  migrating ${index}/${total}: ${migration}`),
    });
    output.out(applied.length === 0 ? `Database schema is up to date (${level}).` : `Applied ${applied.length} migration(s); schema at ${level}.`);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** A URL fit to print: the password is never shown. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
