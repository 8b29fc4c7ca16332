/**
 * Leases: a dead worker's claims come back only when their lease ends; a live worker keeps its
 * claims; a worker stopped with SIGTERM finishes or releases what it holds and exits 0. The last
 * two tests guard two fixed defects: a late failure from a worker whose lease was taken over, and
 * items of a long batch lost by a live worker.
 */
import { ManualClock, Runtime, Worker, type PluginCall, type PluginHost } from '@touchpoint/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpPluginHost } from '../support/http-plugin-host.ts';
import { IdempotentReceiver } from '../support/idempotent-receiver.ts';
import { isolatedSchema, postgresForProcesses, type IsolatedSchema } from '../support/postgres-schema.ts';
import { WorkerFleet } from '../support/worker-fleet.ts';
import { deployPipeline, startCases, verifyRun, waitForAllCompleted, type Deployed } from './pipeline.ts';

const url = await postgresForProcesses('reliability/leases');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('leases and graceful stop (real PostgreSQL)', () => {
  // One schema per test: workers claim across tenants, so tests must not share due work.
  let db: IsolatedSchema;
  let receiver: IdempotentReceiver;
  let app: Deployed;
  const stops: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    db = await isolatedSchema(url!);
    receiver = await new IdempotentReceiver().start();
    app = await deployPipeline(db.db, '50ms');
  });

  afterEach(async () => {
    // Workers first (they hold connections and call the receiver), then the receiver, then the schema.
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    await receiver?.close();
    await db?.drop();
  });

  /** A worker in this process, stopped after the test whatever happens. */
  function inProcessWorker(runtime: Runtime, options: ConstructorParameters<typeof Worker>[1]): Worker {
    const worker = new Worker(runtime, { pollMs: 20, ...options });
    stops.push(() => worker.stop());
    return worker;
  }

  it('does not take a dead worker\'s claim before its lease ends, and takes and finishes it after', async () => {
    const runtime = new Runtime({ db: db.db, plugins: new HttpPluginHost(receiver.url) });
    const caseIds = await startCases(runtime, app, 5);
    // A worker claimed every due row and died: its lease runs 1.5 s from now.
    const leaseUntil = new Date(Date.now() + 1_500);
    const claimed = await db.db.updateTable('due_work').set({ lease_owner: 'dead-worker', lease_until: leaseUntil, attempts: 1 }).executeTakeFirst();
    expect(claimed.numUpdatedRows).toBe(5n);

    const worker = inProcessWorker(runtime, { id: 'survivor', leaseMs: 1_000 });
    worker.start();
    // The survivor polls every 20 ms: for more than a second, none of that work may move.
    await sleep(leaseUntil.getTime() - Date.now() - 300);
    const held = await db.db.selectFrom('due_work').select(['lease_owner']).execute();
    // (On a machine so loaded that the sleep overran the lease, only the timing check below holds.)
    if (Date.now() < leaseUntil.getTime()) {
      expect(receiver.deliveries).toEqual([]);
      expect(held.map((row) => row.lease_owner)).toEqual(Array(5).fill('dead-worker'));
    }

    await waitForAllCompleted(db.db, app.tenantId, 20_000);
    // Taken only once the lease had run out, and then without waiting for anything else.
    const firstCalls = caseIds.map((caseId) => receiver.deliveriesOf(`${caseId}/reserve/1/call`)[0]!.at);
    expect(Math.min(...firstCalls)).toBeGreaterThanOrEqual(leaseUntil.getTime());
    const figures = await verifyRun(db.db, app.tenantId, caseIds, receiver);
    expect(figures.redeliveries).toBe(0);
  });

  it('lets a live worker keep its claim through a plugin call several leases long (heartbeat)', async () => {
    const LEASE_MS = 1_000;
    const http = new HttpPluginHost(receiver.url);
    // The provider is slow for this worker only: 3.5 s, three and a half leases.
    const slow: PluginHost = { invoke: async (call) => (await sleep(3_500), http.invoke(call)) };
    const [caseId] = await startCases(new Runtime({ db: db.db, plugins: http }), app, 1);
    const holder = inProcessWorker(new Runtime({ db: db.db, plugins: slow }), { id: 'holder', leaseMs: LEASE_MS });
    const rival = inProcessWorker(new Runtime({ db: db.db, plugins: http }), { id: 'rival', leaseMs: LEASE_MS });

    const holding = holder.tick();
    let rivalClaims = 0;
    let done = false;
    void holding.finally(() => (done = true));
    while (!done) {
      rivalClaims += await rival.tick();
      await sleep(50);
    }
    expect(await holding).toBe(1);
    expect(rivalClaims).toBe(0);
    expect(receiver.deliveriesOf(`${caseId}/reserve/1/call`)).toHaveLength(1);
  });

  it('stops a worker process on SIGTERM mid-work: exit 0, nothing left held, the rest finished by another', { timeout: 60_000 }, async () => {
    // A slow provider, so SIGTERM lands while calls are in flight; a lease far longer than the
    // test, so only a real finish or release (never lease expiry) can let the next worker go on.
    receiver.delayMs = 150;
    const fleet = new WorkerFleet({ databaseUrl: url!, schema: db.schema, receiverUrl: receiver.url, env: { LEASE_MS: '120000', POLL_MS: '20', POOL_SIZE: '4', BATCH_SIZE: '20' } });
    stops.push(() => fleet.killAll());
    // The work is there before the worker: its first claim takes a full batch of 20, 8 at a time.
    const caseIds = await startCases(new Runtime({ db: db.db, plugins: new HttpPluginHost(receiver.url) }), app, 30);
    const first = fleet.spawn();
    await first.ready;

    // Wait until it is busy: calls in flight, and due work leased to it right now.
    const busyBy = Date.now() + 20_000;
    let heldAtStop = 0;
    while (Date.now() < busyBy) {
      heldAtStop = (await db.db.selectFrom('due_work').select('id').where('lease_owner', '=', first.id).execute()).length;
      if (heldAtStop > 0 && receiver.deliveries.length > 0) break;
      await sleep(10);
    }
    expect(heldAtStop).toBeGreaterThan(0);
    const inFlightAtStop = receiver.deliveries.length;

    const { exit, ms } = await first.terminate(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(5_000);
    const stillHeld = await db.db.selectFrom('due_work').select(['id', 'kind']).where('lease_owner', '=', first.id).execute();
    expect(stillHeld, 'due work still leased to the stopped worker').toEqual([]);
    const unfinished = (await db.db.selectFrom('cases').select('id').where('status', '<>', 'completed').execute()).length;
    expect(unfinished, 'SIGTERM came too late to be "mid-work"').toBeGreaterThan(0);

    const second = fleet.spawn();
    await second.ready;
    await waitForAllCompleted(db.db, app.tenantId, 40_000, () => fleet.output());
    const figures = await verifyRun(db.db, app.tenantId, caseIds, receiver);
    // A clean stop sends nothing twice: what was in flight was finished, not abandoned.
    expect(figures.redeliveries).toBe(0);
    const byWorker = receiver.deliveriesByWorker();
    // Everything it held when told to stop, it worked itself (none was left for the next worker).
    expect(byWorker.get(first.id) ?? 0).toBeGreaterThanOrEqual(heldAtStop);
    console.log(
      `[reliability/leases] SIGTERM holding ${heldAtStop} items, ${inFlightAtStop} calls made: exit 0 in ${ms} ms; ` +
        `${unfinished} cases left for the next worker; deliveries ${[...byWorker].map(([w, n]) => `${w}=${n}`).join(' ')}`,
    );
  });

  /**
   * Guards fixed defect 1 — a stale worker's late failure overwrote an effect another worker completed.
   * Worker A's lease ran out during a slow call (a GC pause, a partition); B re-claimed the work,
   * the provider answered it, and the case moved on. Then A's call fails, and A's retry path
   * (packages/runtime/src/worker.ts, runEffect, the `attempt < effect.max_attempts` branch) writes
   * `status: 'failed'`, `next_attempt_at` and `last_error` over the succeeded effect, without
   * checking it still owns the work. (Were it A's last attempt, the `effect.failed` event would be
   * ignored by the engine, but its `alongside` write would still mark the effect 'dead'.) The case
   * ended `completed` with an effect row that said the call failed. Fixed: only the lease holder
   * schedules a retry, and a settled effect (succeeded or dead) is never written again.
   */
  it('keeps an effect succeeded when a worker whose lease was taken over fails late', async () => {
    const clock = new ManualClock(new Date());
    let failLate: (error: Error) => void = () => undefined;
    let called = false;
    const hanging: PluginHost = {
      invoke: (_call: PluginCall) =>
        new Promise((_, reject) => {
          called = true;
          failLate = reject;
        }),
    };
    const [caseId] = await startCases(new Runtime({ db: db.db, clock, plugins: hanging }), app, 1);
    const key = `${caseId}/reserve/1/call`;
    // Leases far longer than the test, so no heartbeat fires: only the manual clock moves them.
    const stale = new Worker(new Runtime({ db: db.db, clock, plugins: hanging }), { id: 'stale', leaseMs: 60_000 });
    const fresh = new Worker(new Runtime({ db: db.db, clock, plugins: new HttpPluginHost(receiver.url) }), { id: 'fresh', leaseMs: 60_000 });

    const staleTick = stale.tick();
    while (!called) await sleep(5);
    clock.advance(61_000); // the stale worker's lease is over
    expect(await fresh.tick()).toBe(1);
    const taken = await db.db.selectFrom('effects').select(['status']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(taken.status).toBe('succeeded');

    failLate(new Error('connection reset'));
    await staleTick;
    // Finish the case: the timer is 50 ms of the manual clock.
    for (let i = 0; i < 10; i++) {
      await fresh.drain();
      clock.advance(1_000);
    }
    expect((await db.db.selectFrom('cases').select('status').executeTakeFirstOrThrow()).status).toBe('completed');
    const effect = await db.db.selectFrom('effects').select(['status', 'last_error']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(effect).toEqual({ status: 'succeeded', last_error: null });
  });

  /**
   * Guards fixed defect 2 — a live worker lost the items it claimed but had not started yet. `Worker.claim`
   * leases a whole batch (default 50) at once, but only an effect being *called* is kept alive by
   * the heartbeat (runEffect); items waiting for a free lane (`concurrency`) are not. When a
   * batch takes longer than `leaseMs`, another worker claims the waiting items and the same calls
   * go out twice although no worker died. (Also: the heartbeat first fires leaseMs/3 after the
   * call *starts*, while the lease was counted from the claim, so an item that waited in the
   * batch can expire before its first heartbeat.) With a provider that answers a concurrent
   * duplicate with 409 (Stripe does), this fed defect 1. Fixed: one heartbeat per batch, from the
   * claim, extends every unfinished item.
   */
  it('does not deliver twice when no worker died, even if a batch outlasts one lease', async () => {
    const LEASE_MS = 600;
    const http = new HttpPluginHost(receiver.url);
    // The provider takes 400 ms for everyone.
    const slowProvider: PluginHost = { invoke: async (call) => (await sleep(400), http.invoke(call)) };
    const caseIds = await startCases(new Runtime({ db: db.db, plugins: http }), app, 6);
    // One lane, six items of 400 ms: from the third on, they wait past their 600 ms lease.
    const busy = inProcessWorker(new Runtime({ db: db.db, plugins: slowProvider }), { id: 'busy', leaseMs: LEASE_MS, batchSize: 6, concurrency: 1 });
    const other = inProcessWorker(new Runtime({ db: db.db, plugins: slowProvider }), { id: 'other', leaseMs: LEASE_MS, batchSize: 6 });

    const busyTick = busy.tick();
    await sleep(50);
    other.start();
    await busyTick;
    const reserveKeys = caseIds.map((caseId) => `${caseId}/reserve/1/call`);
    const twice = reserveKeys.filter((key) => receiver.deliveriesOf(key).length > 1);
    expect(twice).toEqual([]);
  });
});
