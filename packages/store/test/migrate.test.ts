import { NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest, migrationLevel, type MigrationProgress } from '../src/migrate.ts';
import { migrations } from '../src/migrations/index.ts';
import { StoreError } from '../src/errors.ts';
import { databaseTargets, type TestDatabase } from './databases.ts';

const targets = await databaseTargets();
const names = Object.keys(migrations);
const latest = names.at(-1);

async function tableNames(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(t.db);
  return rows.map((row) => row.name);
}

describe.each(targets)('migrations on $name', (target) => {
  let t: TestDatabase;
  afterEach(() => t?.close());

  it('apply in order, report progress and level, and a second run applies nothing', async () => {
    t = await target.open({ migrate: false });
    expect(await migrationLevel(t.db)).toBeNull();

    const progress: MigrationProgress[] = [];
    const first = await migrateToLatest(t.db, { onProgress: (p) => progress.push(p) });
    expect(first.applied).toEqual(names);
    expect(first.level).toBe(latest);
    expect(progress).toEqual(names.map((migration, i) => ({ migration, index: i + 1, total: names.length })));
    expect(await migrationLevel(t.db)).toBe(latest);
    expect(await tableNames(t)).toContain('due_work');

    const second = await migrateToLatest(t.db, { onProgress: (p) => progress.push(p) });
    expect(second).toEqual({ applied: [], level: latest });
    expect(progress).toHaveLength(names.length);
  });

  it('go all the way down and up again', async () => {
    t = await target.open();
    const migrator = await createMigrator(t.db);
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await tableNames(t)).toEqual(['kysely_migration', 'kysely_migration_lock']);
    expect(await migrationLevel(t.db)).toBeNull();

    expect((await migrateToLatest(t.db)).applied).toEqual(names);
    expect(await tableNames(t)).toHaveLength(14 + 2);
  });

  it('name the migration that failed, and apply nothing', async () => {
    t = await target.open({ migrate: false });
    // A table in the way makes the first migration fail part-way through.
    await sql`create table blueprints (id int)`.execute(t.db);
    const failure = await migrateToLatest(t.db).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('TP_STORE_MIGRATION_FAILED');
    expect((failure as StoreError).message).toContain(`migration ${names[0]} failed`);
    expect((failure as StoreError).message).toContain('"blueprints" already exists');
    // The tenants table, created earlier in the same migration, was rolled back with it.
    expect(await tableNames(t)).not.toContain('tenants');
    expect(await migrationLevel(t.db)).toBeNull();
  });
});

it('migration names are ordered by their date prefix', () => {
  expect(names).toEqual([...names].sort());
  for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+$/);
});
