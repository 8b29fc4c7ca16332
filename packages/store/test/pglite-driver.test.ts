import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PGliteDialect } from '../src/pglite/pglite-dialect.ts';
import { databaseTargets, type TestDatabase } from './databases.ts';

const targets = await databaseTargets();

// The PGlite driver is ours; each expectation here holds for kysely's own pg driver too, so any
// difference between the two shows up as a failure on one target.
describe.each(targets)('driver behaviour on $name', (target) => {
  let t: TestDatabase;
  const tenant = randomUUID();
  beforeAll(async () => {
    t = await target.open();
    await t.db.insertInto('tenants').values({ id: tenant, name: 'driver' }).execute();
  });
  afterAll(() => t?.close());

  it('reports affected rows for insert, update and delete', async () => {
    const inserted = await t.db
      .insertInto('blueprints')
      .values(['a', 'b', 'c'].map((id) => ({ tenant_id: tenant, id, name: id })))
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);
    const updated = await t.db.updateTable('blueprints').set({ name: 'renamed' }).where('tenant_id', '=', tenant).where('id', '!=', 'a').executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await t.db.deleteFrom('blueprints').where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(3n);
    const none = await t.db.deleteFrom('blueprints').where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
    expect(none.numDeletedRows).toBe(0n);
  });

  it('returns rows from insert … returning and from select', async () => {
    const row = await t.db.insertInto('blueprints').values({ tenant_id: tenant, id: 'r', name: 'with returning' }).returning(['id', 'name']).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 'r', name: 'with returning' });
    expect(await t.db.selectFrom('blueprints').select('id').where('tenant_id', '=', tenant).execute()).toEqual([{ id: 'r' }]);
  });

  it('passes server errors through with their code, constraint and a stack reaching the caller', async () => {
    const error = await t.db.insertInto('tenants').values({ id: tenant, name: 'again' }).execute().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505', constraint: 'tenants_pkey' });
    expect((error as Error).stack).toContain('pglite-driver.test.ts');
  });

  it('refuses to stream, on both drivers alike', async () => {
    const stream = t.db.selectFrom('tenants').selectAll().stream(10);
    await expect(stream.next()).rejects.toThrow(/stream|cursor/i);
  });
});

describe('the PGlite driver', () => {
  it('warns, rather than hanging silently, when a transaction waits on a query made through db', async () => {
    const db = new Kysely<{ t: { n: number } }>({
      dialect: new PGliteDialect({ pglite: new PGlite(), slowAcquireWarningMs: 50 }),
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await db.schema.createTable('t').addColumn('n', 'integer').execute();
      let outside: Promise<unknown> | undefined;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ n: 1 }).execute();
        // The mistake: `db`, not `trx`. It can only run once this transaction lets go.
        outside = db.selectFrom('t').selectAll().execute();
        await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('through the transaction object (trx)')));
      });
      expect(await outside).toEqual([{ n: 1 }]);
    } finally {
      warn.mockRestore();
      await db.destroy();
    }
  });
});
