import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/schema.ts';
import { databaseTargets, type TestDatabase } from './databases.ts';
import { seedCase, type SeededCase } from './fixtures.ts';

const targets = await databaseTargets();
const NOW = new Date('2026-11-23T12:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

/** Due, unleased (or lease expired) rows, oldest first, locked so no other worker takes them. */
function dueRows(db: Kysely<Database>, limit: number, lock: 'skip locked' | 'wait' = 'skip locked') {
  const query = db
    .selectFrom('due_work')
    .select(['id', 'due_at'])
    .where('due_at', '<=', NOW)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', NOW)]))
    .orderBy('due_at')
    .limit(limit)
    .forUpdate();
  return lock === 'skip locked' ? query.skipLocked() : query;
}

/** The claim a worker makes: lock due rows and lease them, in one transaction. */
function claim(db: Kysely<Database>, owner: string, limit: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await dueRows(trx, limit).execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable('due_work')
      .set((eb) => ({ lease_owner: owner, lease_until: minutes(5), attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', rows.map((row) => row.id))
      .execute();
    return rows.map((row) => row.id);
  });
}

describe.each(targets)('claiming due work on $name', (target) => {
  let t: TestDatabase;
  let seeded: SeededCase;
  let dueIds: number[]; // the ids that are due, in due order
  beforeAll(async () => {
    t = await target.open();
    seeded = await seedCase(t.db);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.db.deleteFrom('due_work').execute();
    const base = { tenant_id: seeded.tenantId, case_id: seeded.caseId, kind: 'timer' as const };
    const due = await t.db
      .insertInto('due_work')
      .values(Array.from({ length: 12 }, (_, i) => ({ ...base, due_at: minutes(-60 + i) })))
      .returning('id')
      .execute();
    dueIds = due.map((row) => row.id);
    await t.db
      .insertInto('due_work')
      .values([
        { ...base, due_at: minutes(10) }, // not due yet
        { ...base, due_at: minutes(-120), lease_owner: 'other', lease_until: minutes(1) }, // leased
        { ...base, due_at: minutes(-5), lease_owner: 'dead', lease_until: minutes(-1) }, // lease expired
      ])
      .execute();
  });

  it('takes the oldest due rows, skips leased and future ones, and retakes expired leases', async () => {
    const first = await claim(t.db, 'w1', 5);
    expect(first).toEqual(dueIds.slice(0, 5));
    const rest = await claim(t.db, 'w2', 100);
    expect(rest).toHaveLength(12 - 5 + 1); // the other due rows and the expired lease
    expect(rest).not.toEqual(expect.arrayContaining(first));
    expect(await claim(t.db, 'w3', 100)).toEqual([]);

    const leased = await t.db.selectFrom('due_work').select(['lease_owner', 'attempts']).where('lease_owner', 'in', ['w1', 'w2']).execute();
    expect(leased).toHaveLength(13);
    expect(leased.every((row) => row.attempts === 1)).toBe(true);
  });

  it('lets workers claiming at the same time take disjoint rows that cover all due work', async () => {
    const claims = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((owner) => claim(t.db, owner, 4)));
    const all = claims.flat();
    expect(new Set(all).size).toBe(all.length); // nobody got a row twice
    expect(all).toHaveLength(13);
  });

  // Only real PostgreSQL has a second connection to hold locks while another claims.
  if (target.name === 'postgres') it('skips rows another open transaction has locked, instead of waiting', async () => {
    let holderLocked!: () => void;
    const locked = new Promise<void>((resolve) => (holderLocked = resolve));
    let releaseHolder!: () => void;
    const released = new Promise<void>((resolve) => (releaseHolder = resolve));

    // Worker A locks five rows and keeps its transaction open.
    const holder = t.db.transaction().execute(async (trx) => {
      const rows = await dueRows(trx, 5).execute();
      holderLocked();
      await released;
      return rows.map((row) => row.id);
    });
    await locked;
    try {
      // Worker B, on another connection, meanwhile: it must not wait (lock_timeout would fire)
      // and must get the next five rows.
      const skipped = await t.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '2s'`.execute(trx);
        return (await dueRows(trx, 5).execute()).map((row) => row.id);
      });
      // Control: without SKIP LOCKED the same query does wait on A's locks, so they are real.
      const waiting = t.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '200ms'`.execute(trx);
        return dueRows(trx, 5, 'wait').execute();
      });
      await expect(waiting).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
      releaseHolder();
      const held = await holder;
      expect(held).toEqual(dueIds.slice(0, 5));
      expect(skipped).toEqual(dueIds.slice(5, 10));
    } finally {
      releaseHolder();
      await holder;
    }
  });
});
