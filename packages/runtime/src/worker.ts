import { createHash, randomUUID } from 'node:crypto';
import type { EngineEventInput, StartSubjourneyEffect } from '@touchpoint/engine';
import { sql } from 'kysely';
import { applyEvent } from './apply.ts';
import type { EffectWork } from './outbox.ts';
import { invokeWithTimeout, retryAdvice } from './plugin-host.ts';
import type { Runtime } from './runtime.ts';

export interface WorkerOptions {
  /** Shown in lease columns; unique per process. */
  id?: string;
  /** Due rows claimed per round trip. */
  batchSize?: number;
  /** How long a claim holds; a worker that dies releases its claims when they expire. */
  leaseMs?: number;
  /** Sleep between polls when there was nothing to do. */
  pollMs?: number;
  /** Items worked on at once (plugin calls wait on the network). */
  concurrency?: number;
  /** Told about unexpected failures (the item is retried later, never dropped). */
  onError?: (error: unknown, item?: DueItem) => void;
  /** Random numbers for jitter; injectable so tests are repeatable. */
  random?: () => number;
}

export interface DueItem {
  tenant_id: string;
  id: number;
  case_id: string;
  kind: 'timer' | 'effect' | 'event';
  payload: Record<string, unknown>;
  attempts: number;
}

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Claims due work — timers, plugin calls, ready steps — with `FOR UPDATE SKIP LOCKED` and a lease,
 * and applies it. Any number of workers, in any number of processes, can share one database:
 * SKIP LOCKED keeps their claims disjoint and the case row lock keeps transitions single.
 * Polling, not LISTEN/NOTIFY, decides correctness: a lost notification can delay nothing.
 */
export class Worker {
  readonly id: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly random: () => number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
    this.batchSize = options.batchSize ?? 50;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 100;
    this.concurrency = options.concurrency ?? 8;
    this.random = options.random ?? Math.random;
  }

  /** Starts polling in the background until `stop()`. */
  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /** Stops claiming, finishes the work in hand, and resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Claims one batch and works it; returns how many items it worked. The whole batch is leased at
   * once, so the heartbeat covers every item not finished yet — those waiting for a free lane too —
   * from the moment of the claim: a live worker never loses work it holds.
   */
  async tick(): Promise<number> {
    const items = await this.claim();
    if (items.length === 0) return 0;
    const unfinished = new Set(items);
    const heartbeat = setInterval(() => void this.extendLeases([...unfinished]).catch(() => undefined), Math.max(20, this.leaseMs / 3));
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await this.work(item);
        unfinished.delete(item);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, lane));
    } finally {
      clearInterval(heartbeat);
    }
    return items.length;
  }

  /** Works until nothing is due (by the runtime's clock): for tests and the simulator. */
  async drain(maxTicks = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxTicks; i++) {
      const worked = await this.tick();
      total += worked;
      if (worked === 0) return total;
    }
    throw new Error(`work still due after ${maxTicks} rounds: a loop keeps scheduling work`);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = 0;
      try {
        worked = await this.tick();
      } catch (error) {
        // The database may be restarting: back off and try again.
        this.options.onError?.(error);
        await this.sleep(Math.max(this.pollMs, 1_000));
        continue;
      }
      if (worked < this.batchSize) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async claim(): Promise<DueItem[]> {
    const now = this.runtime.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const { rows } = await sql<DueItem>`
      update due_work set lease_owner = ${this.id}, lease_until = ${until}, attempts = attempts + 1
      where (tenant_id, id) in (
        select tenant_id, id from due_work
        where due_at <= ${now} and (lease_until is null or lease_until < ${now})
        order by due_at
        limit ${this.batchSize}
        for update skip locked)
      returning tenant_id, id, case_id, kind, payload, attempts`.execute(this.runtime.db);
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  private async work(item: DueItem): Promise<void> {
    try {
      if (item.kind === 'timer') await this.apply(item, { type: 'timer.fired', key: String(item.payload.key) });
      else if (item.kind === 'effect') await this.runEffect(item, item.payload as unknown as EffectWork);
      else await this.runEvent(item);
    } catch (error) {
      this.options.onError?.(error, item);
      await this.release(item, this.backoff(1_000, item.attempts)).catch((e) => this.options.onError?.(e, item));
    }
  }

  private apply(item: DueItem, event: EngineEventInput) {
    return applyEvent(this.runtime.deps, { tenantId: item.tenant_id, caseId: item.case_id, event, dueWorkId: item.id });
  }

  /**
   * Runs a plugin call at least once; retries with backoff and jitter (or the provider's
   * Retry-After, when longer); a permanent failure (a 4xx, a missing plugin, invalid input) is not
   * retried; the last failure goes to the case.
   */
  private async runEffect(item: DueItem, work: EffectWork): Promise<void> {
    const { db, clock, plugins } = this.runtime;
    const effect = await db
      .selectFrom('effects')
      .selectAll()
      .where('tenant_id', '=', item.tenant_id)
      .where('idempotency_key', '=', work.effectKey)
      .executeTakeFirst();
    if (!effect || effect.status === 'succeeded' || effect.status === 'dead') {
      await db.deleteFrom('due_work').where('tenant_id', '=', item.tenant_id).where('id', '=', item.id).execute();
      return;
    }
    const attempt = effect.attempts + 1;
    let output: unknown;
    let failure: string | undefined;
    let advice: ReturnType<typeof retryAdvice> = { permanent: false };
    try {
      output = await invokeWithTimeout(
        plugins,
        { tenantId: item.tenant_id, caseId: item.case_id, nodeId: effect.node_id, plugin: effect.plugin, action: effect.action, input: effect.input, idempotencyKey: effect.idempotency_key, attempt },
        work.timeoutMs,
      );
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      advice = retryAdvice(error);
    }
    const now = clock.now();
    const record = (status: 'succeeded' | 'failed' | 'dead') => ({
      status,
      attempts: attempt,
      updated_at: now,
      ...(failure === undefined ? { output: toJsonObject(output), last_error: null } : { last_error: failure }),
    });
    if (failure === undefined) {
      await applyEventWith(this, item, { type: 'effect.succeeded', key: effect.idempotency_key, output: output ?? null }, record('succeeded'));
    } else if (attempt < effect.max_attempts && !advice.permanent) {
      const backoff = this.backoff(work.backoffMs, attempt);
      // A provider's Retry-After is honoured when it asks for longer than our backoff.
      const retryAt = advice.retryAfterMs !== undefined ? new Date(Math.max(backoff.getTime(), clock.now().getTime() + advice.retryAfterMs)) : backoff;
      await db.transaction().execute(async (trx) => {
        // Only the lease holder schedules the retry; a worker whose lease was taken over stays silent.
        const held = await trx
          .updateTable('due_work')
          .set({ due_at: retryAt, lease_owner: null, lease_until: null })
          .where('tenant_id', '=', item.tenant_id)
          .where('id', '=', item.id)
          .where('lease_owner', '=', this.id)
          .returning('id')
          .executeTakeFirst();
        if (!held) return;
        await trx
          .updateTable('effects')
          .set({ ...record('failed'), next_attempt_at: retryAt })
          .where('tenant_id', '=', item.tenant_id)
          .where('id', '=', effect.id)
          .where('status', 'not in', ['succeeded', 'dead'])
          .execute();
      });
    } else {
      await applyEventWith(this, item, { type: 'effect.failed', key: effect.idempotency_key, error: failure, attempts: attempt }, record('dead'));
    }

    async function applyEventWith(worker: Worker, due: DueItem, event: EngineEventInput, update: ReturnType<typeof record>) {
      await applyEvent(worker.runtime.deps, {
        tenantId: due.tenant_id,
        caseId: due.case_id,
        event,
        dueWorkId: due.id,
        // A result that arrives after another worker already settled the effect changes nothing.
        alongside: (trx) =>
          trx.updateTable('effects').set(update).where('tenant_id', '=', due.tenant_id).where('id', '=', effect!.id).where('status', 'not in', ['succeeded', 'dead']).execute().then(() => undefined),
      });
    }
  }

  /** Ready steps: an event for a case (a subjourney that ended), or a subjourney to start. */
  private async runEvent(item: DueItem): Promise<void> {
    const payload = item.payload as { event?: EngineEventInput; subjourney?: StartSubjourneyEffect };
    if (payload.event) {
      await this.apply(item, payload.event);
      return;
    }
    const start = payload.subjourney!;
    const { db } = this.runtime;
    const deployment = await db
      .selectFrom('deployments')
      .innerJoin('blueprint_versions', (join) => join.onRef('blueprint_versions.tenant_id', '=', 'deployments.tenant_id').onRef('blueprint_versions.id', '=', 'deployments.blueprint_version_id'))
      .select(['deployments.id'])
      .where('deployments.tenant_id', '=', item.tenant_id)
      .where('blueprint_versions.blueprint_id', '=', start.blueprint)
      .where('deployments.active', '=', true)
      .orderBy('deployments.created_at', 'desc')
      .executeTakeFirst();
    if (!deployment) {
      await this.apply(item, { type: 'subjourney.ended', key: start.key, outcome: 'unresolved', data: { error: `no active deployment of blueprint "${start.blueprint}"` } });
      return;
    }
    const parent = await this.runtime.getCase(item.tenant_id, item.case_id);
    await this.runtime.startCase({
      tenantId: item.tenant_id,
      deploymentId: deployment.id,
      caseId: childCaseId(start.key),
      ...(parent.customer_id !== null && { customerId: parent.customer_id }),
      data: { ...start.data, parent: { caseId: item.case_id, key: start.key } },
    });
    await db.deleteFrom('due_work').where('tenant_id', '=', item.tenant_id).where('id', '=', item.id).execute();
  }

  private async extendLeases(items: DueItem[]): Promise<void> {
    if (items.length === 0) return;
    const until = new Date(this.runtime.clock.now().getTime() + this.leaseMs);
    await this.runtime.db
      .updateTable('due_work')
      .set({ lease_until: until })
      .where((eb) => eb.or(items.map((item) => eb.and([eb('tenant_id', '=', item.tenant_id), eb('id', '=', item.id)]))))
      .where('lease_owner', '=', this.id)
      .execute();
  }

  private async release(item: DueItem, dueAt: Date): Promise<void> {
    await this.runtime.db
      .updateTable('due_work')
      .set({ due_at: dueAt, lease_owner: null, lease_until: null })
      .where('tenant_id', '=', item.tenant_id)
      .where('id', '=', item.id)
      .where('lease_owner', '=', this.id)
      .execute();
  }

  /** Exponential backoff with jitter (±50%), capped at an hour. */
  private backoff(baseMs: number, attempt: number): Date {
    const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
    const jittered = exponential * (0.5 + this.random());
    return new Date(this.runtime.clock.now().getTime() + Math.min(MAX_BACKOFF_MS, jittered));
  }
}

/** A subjourney's child case id is derived from the step's key, so starting it twice starts it once. */
export function childCaseId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** jsonb columns here hold objects: wrap anything else. */
function toJsonObject(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value: value ?? null };
}

