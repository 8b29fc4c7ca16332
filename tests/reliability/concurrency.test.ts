/**
 * Concurrency: four worker processes share one database and ~400 cases, with no crashes. Their
 * claims (FOR UPDATE SKIP LOCKED) must be disjoint and the case row lock must keep every
 * transition single, while the work is really spread over all four. Meanwhile the test process
 * (playing the API server) sends external events into the same cases, so transitions of one case
 * from different processes really do race for its row.
 */
import { Runtime } from '@touchpoint/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPluginHost } from '../support/http-plugin-host.ts';
import { IdempotentReceiver } from '../support/idempotent-receiver.ts';
import { isolatedSchema, postgresForProcesses, type IsolatedSchema } from '../support/postgres-schema.ts';
import { WorkerFleet } from '../support/worker-fleet.ts';
import { deployPipeline, startCases, verifyRun, waitForAllCompleted } from './pipeline.ts';

const CASES = 400;
const WORKERS = 4;

const url = await postgresForProcesses('reliability/concurrency');

describe.skipIf(!url)('several worker processes on one database (real PostgreSQL)', () => {
  let db: IsolatedSchema | undefined;
  let receiver: IdempotentReceiver | undefined;
  let fleet: WorkerFleet | undefined;

  beforeAll(async () => {
    db = await isolatedSchema(url!);
    receiver = await new IdempotentReceiver(5).start();
    // Small batches, so the work is dealt out in many rounds instead of one worker grabbing it all.
    fleet = new WorkerFleet({
      databaseUrl: url!,
      schema: db.schema,
      receiverUrl: receiver.url,
      env: { LEASE_MS: '10000', POLL_MS: '20', POOL_SIZE: '5', BATCH_SIZE: '10' },
    });
  });

  afterAll(async () => {
    await fleet?.killAll();
    await receiver?.close();
    await db?.drop();
  });

  it(`runs ${CASES} cases on ${WORKERS} workers with every transition applied once`, { timeout: 115_000 }, async () => {
    const started = Date.now();
    const app = await deployPipeline(db!.db);
    const runtime = new Runtime({ db: db!.db, plugins: new HttpPluginHost(receiver!.url) });
    const workers = Array.from({ length: WORKERS }, () => fleet!.spawn());
    await Promise.all(workers.map((w) => w.ready));

    // Each case gets one event right after it starts (its first step is then being worked, so
    // the two race for the case row), and one more later, in random order.
    const applied = new Map<string, number>();
    const sendEvent = async (caseId: string) => {
      const result = await runtime.sendEvent({ tenantId: app.tenantId, caseId, name: 'customer.note', data: { note: 'any news?' } });
      if (result.changed) applied.set(caseId, (applied.get(caseId) ?? 0) + 1);
    };
    const caseIds = await startCases(runtime, app, CASES, 4, sendEvent);
    await inParallel([...caseIds].sort(() => Math.random() - 0.5), 4, sendEvent);
    // Fail with a diagnosis (what is left, the workers' output) before vitest's timeout would.
    await waitForAllCompleted(db!.db, app.tenantId, started + 100_000 - Date.now(), () => fleet!.output());
    const runMs = Date.now() - started;

    const figures = await verifyRun(db!.db, app.tenantId, caseIds, receiver!, applied);
    const byWorker = receiver!.deliveriesByWorker();
    const appliedEvents = [...applied.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[reliability/concurrency] ${figures.cases} cases, ${figures.effects} effects on ${WORKERS} workers ` +
        `(deliveries per worker: ${[...byWorker].map(([w, n]) => `${w}=${n}`).join(' ')}), ` +
        `${appliedEvents} external events applied to running cases (of ${CASES * 2} sent), ` +
        `${figures.redeliveries} redeliveries, ${(runMs / 1000).toFixed(1)} s`,
    );
    // At least the first event of every case met it running (it cannot end before its timer).
    expect(appliedEvents).toBeGreaterThanOrEqual(CASES);

    // Nobody died and no lease ran out (10 s), so no call needed a second delivery: claims were
    // disjoint. (After a crash, redeliveries are expected; see crash.test.ts.)
    expect(figures.redeliveries).toBe(0);
    // The work was shared: every process made a real part of the calls (even would be 25% each).
    expect([...byWorker.keys()].sort()).toEqual(workers.map((w) => w.id).sort());
    for (const [worker, n] of byWorker) expect(n, `calls made by ${worker}`).toBeGreaterThanOrEqual(figures.effects * 0.05);
    // All four are still alive: none crashed on a conflict along the way.
    expect(fleet!.running()).toHaveLength(WORKERS);
  });
});

/** Runs `fn` over `items`, `parallel` at a time. */
async function inParallel<T>(items: readonly T[], parallel: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}
