import { parseArgs } from 'node:util';
import { databaseChoice, openMigrated } from '../database.ts';
import type { Output } from '../output.ts';

export const migrateHelp = `Usage: touchpoint migrate [--data-dir DIR]

Brings the database schema up to date (PostgreSQL from DATABASE_URL, or the embedded database),
showing each migration as it applies.

Options:
      --data-dir D  the embedded database's folder (default: .touchpoint)
  -h, --help        show this help`;

export async function migrateCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    output.out(migrateHelp);
    return 0;
  }
  const handle = await openMigrated(databaseChoice(values['data-dir']), output);
  await handle.close();
  return 0;
}
