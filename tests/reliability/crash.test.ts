/**
 * Crash safety: worker processes are killed with SIGKILL in the middle of their work, again and
 * again, while ~300 cases run. Nothing committed may be lost, nothing may be applied twice, and a
 * provider that honours idempotency keys must see every call exactly once (the runtime itself may
 * deliver some more than once: that is at-least-once, and it is counted).
 */
import { Runtime } from '@touchpoint/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPluginHost } from '../support/http-plugin-host.ts';
import { IdempotentReceiver, type Delivery } from '../support/idempotent-receiver.ts';
import { isolatedSchema, postgresForProcesses, type IsolatedSchema } from '../support/postgres-schema.ts';
import { WorkerFleet, type WorkerProcess } from '../support/worker-fleet.ts';
import { deployPipeline, startCases, unfinishedCases, verifyRun, waitForAllCompleted } from './pipeline.ts';

const CASES = 300;
const WORKERS = 3;
const KILL_EVERY_MS = 700;
const MAX_KILLS = 8;
// Short, so a dead worker's claims come back quickly; the heartbeat (every LEASE_MS/3) keeps
// live claims during a plugin call.
const LEASE_MS = 1_500;

const url = await postgresForProcesses('reliability/crash');

interface Kill {
  victim: string;
  /** Cases not yet completed when the kill landed. */
  unfinished: number;
  /** Due-work rows still leased to the victim after it was dead: work it held, mid-flight. */
  orphanedLeases: number;
  at: number;
}

describe.skipIf(!url)('workers killed with SIGKILL mid-work (real PostgreSQL, separate processes)', () => {
  let db: IsolatedSchema | undefined;
  let receiver: IdempotentReceiver | undefined;
  let fleet: WorkerFleet | undefined;

  beforeAll(async () => {
    db = await isolatedSchema(url!);
    // A little provider latency widens the window between "called" and "committed", where a
    // kill forces a redelivery.
    receiver = await new IdempotentReceiver(10).start();
    fleet = new WorkerFleet({
      databaseUrl: url!,
      schema: db.schema,
      receiverUrl: receiver.url,
      env: { LEASE_MS: String(LEASE_MS), POLL_MS: '20', POOL_SIZE: '5' },
    });
  });

  afterAll(async () => {
    // In this order, whatever failed: no process may outlive the test or poll a dropped schema.
    await fleet?.killAll();
    await receiver?.close();
    await db?.drop();
  });

  it(`completes ${CASES} cases exactly once while workers are killed every ${KILL_EVERY_MS} ms`, { timeout: 115_000 }, async () => {
    const started = Date.now();
    const app = await deployPipeline(db!.db);
    const runtime = new Runtime({ db: db!.db, plugins: new HttpPluginHost(receiver!.url) });
    const workers = Array.from({ length: WORKERS }, () => fleet!.spawn());
    await Promise.all(workers.map((w) => w.ready));

    // Cases arrive while the killing goes on, like traffic during an incident.
    const kills: Kill[] = [];
    let startingDone = false;
    const starting = startCases(runtime, app, CASES).finally(() => (startingDone = true));
    const killing = (async () => {
      while (kills.length < MAX_KILLS) {
        await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
        const unfinished = await unfinishedCases(db!.db, app.tenantId);
        if (startingDone && unfinished === 0) break;
        // Kill the live worker holding the most claims right now, so every kill is mid-work; when
        // none holds any (replacements still booting on a busy machine), skip this round.
        const victim = await busiest(fleet!.running().filter((w) => w.isReady));
        if (!victim) continue;
        await victim.kill();
        const orphaned = await db!.db.selectFrom('due_work').select('id').where('lease_owner', '=', victim.id).execute();
        kills.push({ victim: victim.id, unfinished, orphanedLeases: orphaned.length, at: Date.now() });
        fleet!.spawn(); // the replacement, as a supervisor would start one
      }
    })();

    const [caseIds] = await Promise.all([starting, killing]);
    const killsOverMs = Date.now() - started;
    // Fail with a diagnosis (what is left, the workers' output) before vitest's timeout would.
    await waitForAllCompleted(db!.db, app.tenantId, started + 100_000 - Date.now(), () => fleet!.output());
    const runMs = Date.now() - started;

    const figures = await verifyRun(db!.db, app.tenantId, caseIds, receiver!);
    const midWork = kills.filter((k) => k.unfinished > 0 && k.orphanedLeases > 0);
    const causes = redeliveryCauses(receiver!, kills);
    console.log(
      `[reliability/crash] ${figures.cases} cases, ${figures.effects} effects, ${kills.length} SIGKILLs ` +
        `(${midWork.length} holding leases: ${kills.map((k) => `${k.victim}:${k.orphanedLeases}`).join(' ')}), ` +
        `${figures.deliveries} deliveries = ${figures.effects} processed + ${figures.redeliveries} redeliveries ` +
        `[${causes.afterKill} after the previous sender was killed, ${causes.liveSender} while it was alive] ` +
        `(${figures.redeliveredKeys} keys, at most ${figures.maxDeliveriesOfOneKey} deliveries of one key, ${figures.concurrentDuplicates} while the first was in flight), ` +
        `${fleet!.all.length} worker processes in all (${fleet!.errorLines().length} error lines logged), ${(runMs / 1000).toFixed(1)} s (kills over after ${(killsOverMs / 1000).toFixed(1)} s)`,
    );
    // The kills really happened mid-work: at least one victim died holding claimed work while
    // cases were running, which only lease expiry could give back.
    expect(kills.length).toBeGreaterThanOrEqual(3);
    expect(midWork.length).toBeGreaterThanOrEqual(1);
    // No worker died on its own: every exit was one of our SIGKILLs.
    expect(fleet!.all.filter((w) => !w.running).every((w: WorkerProcess) => w.exit?.signal === 'SIGKILL')).toBe(true);

    async function busiest(candidates: WorkerProcess[]): Promise<WorkerProcess | undefined> {
      if (candidates.length === 0) return undefined;
      const held = await db!.db
        .selectFrom('due_work')
        .select(['lease_owner', (eb) => eb.fn.countAll<string>().as('n')])
        .where('lease_owner', 'in', candidates.map((w) => w.id))
        .where('lease_until', '>', new Date())
        .groupBy('lease_owner')
        .orderBy('n', 'desc')
        .execute();
      return candidates.find((w) => w.id === held[0]?.lease_owner);
    }
  });
});

/**
 * Why each redelivery happened: the previous delivery of that key came from a worker that was
 * killed in between (the at-least-once case the test is about), or from one that was still alive
 * (its lease ran out while it still held the item — possible only if its heartbeat stalled longer
 * than a lease, e.g. on a machine starved of CPU).
 */
function redeliveryCauses(receiver: IdempotentReceiver, kills: readonly Kill[]): { afterKill: number; liveSender: number } {
  const killedAt = new Map(kills.map((k) => [k.victim, k.at]));
  const byKey = new Map<string, Delivery[]>();
  for (const d of receiver.deliveries) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  let afterKill = 0;
  let liveSender = 0;
  for (const deliveries of byKey.values()) {
    for (let i = 1; i < deliveries.length; i++) {
      const previous = deliveries[i - 1]!;
      const death = killedAt.get(previous.worker ?? '');
      if (death !== undefined && death >= previous.at && death <= deliveries[i]!.at) afterKill++;
      else liveSender++;
    }
  }
  return { afterKill, liveSender };
}
