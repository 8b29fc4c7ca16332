import { openDatabase, type DatabaseHandle } from '@touchpoint/store';
import { databaseTargets, testPostgresUrl, type TestDatabase } from '@touchpoint/store/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../src/index.ts';
import { caseEvents, world, type World } from './fixtures.ts';

const postgres = (await databaseTargets()).filter((target) => target.name === 'postgres');

/**
 * The database drops every connection of the runtime, again and again, while cases run (what a
 * PostgreSQL restart or failover does to a pool). Work in flight fails, is retried, and no case
 * loses or repeats a step.
 */
describe.each(postgres)('connections lost mid-transaction on $name', (target) => {
  let t: TestDatabase;
  let handle: DatabaseHandle;
  const applicationName = `tp_restart_${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await target.open();
    const url = new URL(testPostgresUrl());
    url.searchParams.set('application_name', applicationName);
    handle = await openDatabase({ url: url.toString(), schema: t.schema!, poolSize: 4 });
  });
  afterAll(async () => {
    await handle?.close();
    await t?.close();
  });

  /** Drops every connection of the runtime's pool; returns how many there were. */
  const dropConnections = async () => {
    const { rows } = await sql<{ dropped: boolean }>`select pg_terminate_backend(pid) as dropped from pg_stat_activity where application_name = ${applicationName}`.execute(t.db);
    return rows.filter((row) => row.dropped).length;
  };

  it('finishes every step exactly once', async () => {
    const w: World = await world(handle.db);
    const errors: string[] = [];
    const worker = new Worker(w.runtime, { leaseMs: 500, pollMs: 10, onError: (e) => errors.push(e instanceof Error ? e.message : String(e)) });
    worker.start();
    const caseIds: string[] = [];
    let dropped = 0;
    let round = 0;
    for (let i = 0; i < 40; i++) {
      // a client retries a request that failed with the connection (the start is idempotent by id)
      for (let attempt = 0; ; attempt++) {
        try {
          await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, caseId: `restart-${i}`, customerId: 'basic-li' });
          break;
        } catch (error) {
          if (attempt > 20) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      caseIds.push(`restart-${i}`);
      if (i % 8 === 4) dropped += await dropConnections();
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const waiting = await t.db.withSchema(t.schema!).selectFrom('tasks').select('case_id').where('tenant_id', '=', w.tenantId).execute();
      if (waiting.length === caseIds.length) break;
      if (Date.now() > deadline) {
        const stuck = caseIds.filter((id) => !waiting.some((w) => w.case_id === id));
        const detail = await Promise.all(stuck.map(async (id) => ({ id, events: (await caseEvents(w, id)).map((e) => e.type), due: await handle.db.selectFrom('due_work').selectAll().where('case_id', '=', id).execute(), effects: await handle.db.selectFrom('effects').select(['status', 'attempts', 'last_error']).where('case_id', '=', id).execute(), row: await handle.db.selectFrom('cases').select(['status', 'revision']).where('id', '=', id).executeTakeFirst() })));
        throw new Error(`only ${waiting.length} of ${caseIds.length} cases reached their task: ${JSON.stringify(detail)}; errors: ${errors.slice(0, 3).join(' | ')}`);
      }
      // keep dropping connections while the work goes on; the test's clock is manual: let retries
      // and expired leases come due
      if (round++ < 10) dropped += await dropConnections();
      w.clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    await worker.stop();
    // connections in use were really dropped (whether a drop lands mid-transaction is up to timing)
    expect(dropped).toBeGreaterThanOrEqual(4);
    console.log(`[database-restart] ${dropped} connections dropped; ${errors.length} worker errors, e.g. ${errors[0] ?? 'none'}`);
    for (const caseId of caseIds) {
      const entered = (await caseEvents(w, caseId)).filter((e) => e.type === 'node.entered').map((e) => e.node_id);
      expect(entered).toEqual(['request', 'auto-ack', 'triage', 'eligibility', 'standard-rebooking']);
    }
    const effects = await handle.db.selectFrom('effects').select('status').where('tenant_id', '=', w.tenantId).execute();
    expect(effects).toHaveLength(caseIds.length);
    expect(effects.every((e) => e.status === 'succeeded')).toBe(true);
  }, 120_000);
});
