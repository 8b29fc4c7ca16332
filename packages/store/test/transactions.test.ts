import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from './databases.ts';

const targets = await databaseTargets();
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(targets)('transactions on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.close());

  const tenantExists = async (id: string) =>
    (await t.db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('commits when the callback returns', async () => {
    const id = randomUUID();
    const result = await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('tenants').values({ id, name: 'kept' }).execute();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await tenantExists(id)).toBe(true);
  });

  it('rolls back everything when the callback throws', async () => {
    const id = randomUUID();
    const run = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('tenants').values({ id, name: 'lost' }).execute();
      await trx.insertInto('blueprints').values({ tenant_id: id, id: 'b', name: 'lost too' }).execute();
      throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(await tenantExists(id)).toBe(false);
    expect(await t.db.selectFrom('blueprints').select('id').where('tenant_id', '=', id).execute()).toEqual([]);
  });

  it('rolls back when a statement fails, and the database stays usable', async () => {
    const id = randomUUID();
    const run = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('tenants').values({ id, name: 'first' }).execute();
      await trx.insertInto('tenants').values({ id, name: 'duplicate' }).execute();
    });
    await expect(run).rejects.toMatchObject({ code: '23505' });
    expect(await tenantExists(id)).toBe(false);
    await t.db.insertInto('tenants').values({ id, name: 'after' }).execute();
    expect(await tenantExists(id)).toBe(true);
  });

  it('rolls back to a savepoint and keeps what came before it', async () => {
    const kept = randomUUID();
    const undone = randomUUID();
    const trx = await t.db.startTransaction().execute();
    await trx.insertInto('tenants').values({ id: kept, name: 'kept' }).execute();
    const sp = await trx.savepoint('before second').execute();
    await sp.insertInto('tenants').values({ id: undone, name: 'undone' }).execute();
    await sp.rollbackToSavepoint('before second').execute();
    await trx.commit().execute();
    expect(await tenantExists(kept)).toBe(true);
    expect(await tenantExists(undone)).toBe(false);
  });

  it('honours isolation levels', async () => {
    const level = await t.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await trx.selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('transaction_isolation')]).as('level')).executeTakeFirstOrThrow()).level);
    expect(level).toBe('serializable');
  });

  // PostgreSQL gives each transaction its own connection; PGlite has one, which the driver lends out in turn.
  if (target.name === 'pglite') it('never interleaves two transactions on the single PGlite connection', async () => {
    const id = randomUUID();
    await t.db.insertInto('tenants').values({ id, name: '0' }).execute();
    const log: string[] = [];
    // Read-modify-write with pauses in between: interleaved, one increment would be lost.
    const increment = (who: string) =>
      t.db.transaction().execute(async (trx) => {
        log.push(`${who} begin`);
        const { name } = await trx.selectFrom('tenants').select('name').where('id', '=', id).executeTakeFirstOrThrow();
        await tick();
        await trx.updateTable('tenants').set({ name: String(Number(name) + 1) }).where('id', '=', id).execute();
        await tick();
        log.push(`${who} end`);
      });
    // A plain query issued meanwhile waits its turn too, and sees only committed data.
    const [, , during] = await Promise.all([increment('a'), increment('b'), t.db.selectFrom('tenants').select('name').where('id', '=', id).executeTakeFirstOrThrow()]);
    expect(log).toEqual(['a begin', 'a end', 'b begin', 'b end']);
    expect(during.name).toBe('2');
  });
});
