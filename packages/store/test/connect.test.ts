import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/connect.ts';
import { StoreError } from '../src/errors.ts';
import { migrateToLatest, migrationLevel } from '../src/migrate.ts';
import { databaseTargets, testPostgresUrl } from './databases.ts';

const targets = await databaseTargets();
const hasPostgres = targets.some((target) => target.name === 'postgres');
const scratch = mkdtempSync(join(tmpdir(), 'touchpoint-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('openDatabase on PostgreSQL', () => {
  it('says where it tried and what to do when nothing listens there', async () => {
    const error = await failure(openDatabase({ url: 'postgres://postgres:secret@127.0.0.1:1/touchpoint' }));
    expect(error.code).toBe('TP_STORE_UNREACHABLE');
    expect(error.message).toContain('127.0.0.1:1/touchpoint');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('Is PostgreSQL running there? Start it');
    expect(error.message).not.toContain('secret');
  });

  it('refuses a schema name it would have to quote', async () => {
    const error = await failure(openDatabase({ url: testPostgresUrl(), schema: 'Robert"; drop table x' }));
    expect(error.code).toBe('TP_STORE_BAD_OPTIONS');
  });

  it.runIf(hasPostgres)('passes on the server’s reason when it answers but refuses', async () => {
    const url = new URL(testPostgresUrl());
    url.pathname = '/touchpoint_no_such_database';
    const error = await failure(openDatabase({ url: url.toString() }));
    expect(error.code).toBe('TP_STORE_CONNECT_FAILED');
    expect(error.message).toContain('database "touchpoint_no_such_database" does not exist');
  });

  it.runIf(hasPostgres)('reports its kind and closes twice without complaint', async () => {
    const handle = await openDatabase({ url: testPostgresUrl(), poolSize: 2 });
    expect(handle.kind).toBe('postgres');
    await handle.close();
    await handle.close();
  });
});

describe('openDatabase on PGlite', () => {
  it('keeps data in a folder across close and reopen', async () => {
    const dataDir = join(scratch, 'persisted', 'nested'); // created on demand
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    const { level } = await migrateToLatest(first.db);
    await first.db.insertInto('tenants').values({ id: 't1', name: 'Persisted' }).execute();
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrationLevel(second.db)).toBe(level);
      expect(await migrateToLatest(second.db)).toEqual({ applied: [], level });
      const tenant = await second.db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
      expect(tenant).toMatchObject({ id: 't1', name: 'Persisted' });
      expect(tenant.created_at).toBeInstanceOf(Date);
    } finally {
      await second.close();
    }
  });

  it('says which folder cannot be written', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data'); // a folder cannot be made inside a file
    const error = await failure(openDatabase({ dataDir }));
    expect(error.code).toBe('TP_STORE_DATA_DIR_NOT_WRITABLE');
    expect(error.message).toContain(dataDir);
    expect(error.message).toContain('ENOTDIR');
  });

  // root may write anywhere, so a read-only folder only proves something for other users.
  it.runIf(process.getuid?.() !== 0)('says so when the folder exists but is read-only', async () => {
    const dataDir = join(scratch, 'read-only');
    await openDatabase({ dataDir }).then((handle) => handle.close());
    chmodSync(dataDir, 0o500);
    try {
      const error = await failure(openDatabase({ dataDir }));
      expect(error.code).toBe('TP_STORE_DATA_DIR_NOT_WRITABLE');
      expect(error.message).toContain('EACCES');
    } finally {
      chmodSync(dataDir, 0o700);
    }
  });

  it('refuses a folder that is already open, and takes over a lock left by a dead process', async () => {
    const dataDir = join(scratch, 'locked');
    const first = await openDatabase({ dataDir });
    const error = await failure(openDatabase({ dataDir }));
    expect(error.code).toBe('TP_STORE_DATA_DIR_IN_USE');
    expect(error.message).toContain(`process ${process.pid}`);
    await first.close();
    expect(existsSync(join(dataDir, 'touchpoint.lock'))).toBe(false);

    // A crashed process leaves its lock file behind; its pid no longer runs.
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    writeFileSync(join(dataDir, 'touchpoint.lock'), String(pid));
    const reopened = await openDatabase({ dataDir });
    expect(readFileSync(join(dataDir, 'touchpoint.lock'), 'utf8')).toBe(String(process.pid));
    await reopened.close();
  });

  it('runs in memory, each instance on its own', async () => {
    const [a, b] = await Promise.all([openDatabase({ memory: true }), openDatabase({ memory: true })]);
    try {
      await migrateToLatest(a.db);
      expect(await migrationLevel(a.db)).not.toBeNull();
      expect(await migrationLevel(b.db)).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
