import { randomUUID } from 'node:crypto';
import { checkAgainstSchema } from '@touchpoint/blueprint';
import { transition, type CaseState, type EngineEventInput, type TransitionResult } from '@touchpoint/engine';
import { isUniqueViolation, type Database, type Row } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import { applyEvent, writeTransition, type ApplyDeps, type CaseChange } from './apply.ts';
import { BlueprintCache } from './blueprint-cache.ts';
import { appendCaseEvents } from './case-log.ts';
import { systemClock, type Clock } from './clock.ts';
import { loadCustomer } from './customers.ts';
import { notFound, RuntimeError } from './errors.ts';
import type { PluginHost } from './plugin-host.ts';

export interface RuntimeOptions {
  db: Kysely<Database>;
  clock?: Clock;
  /** Runs plugin actions and channel sends. Without one, every effect fails as an unknown plugin. */
  plugins?: PluginHost;
  /** Told after every committed change to a case: for live views (SSE). */
  onChange?: (change: CaseChange) => void;
}

export interface StartCaseInput {
  tenantId: string;
  deploymentId: string;
  /** Give one to make the start idempotent (e.g. the inbound message id); a UUID otherwise. */
  caseId?: string;
  customerId?: string;
  data?: Record<string, unknown>;
  channel?: string;
  trigger?: string;
}

const noPlugins: PluginHost = {
  invoke: (call) => Promise.reject(new Error(`no plugin host is configured to run ${call.plugin}.${call.action}`)),
};

/**
 * The durable executor's front door: start cases, feed them events, work their tasks. Every call
 * is one transaction around one engine transition. Workers (`new Worker(runtime)`) do the rest.
 */
export class Runtime {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly plugins: PluginHost;
  readonly blueprints = new BlueprintCache();
  readonly deps: ApplyDeps;

  constructor(options: RuntimeOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.plugins = options.plugins ?? noPlugins;
    this.deps = { db: this.db, clock: this.clock, blueprints: this.blueprints, ...(options.onChange && { onChange: options.onChange }) };
  }

  /** Starts a case on a deployment's blueprint version; it stays on that version to the end. */
  async startCase(input: StartCaseInput): Promise<{ caseId: string; status: string; created: boolean }> {
    const caseId = input.caseId ?? randomUUID();
    try {
      const outcome = await this.db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('cases').select('status').where('tenant_id', '=', input.tenantId).where('id', '=', caseId).executeTakeFirst();
        if (existing) return { status: existing.status, created: false, result: undefined };
        const deployment = await trx.selectFrom('deployments').selectAll().where('tenant_id', '=', input.tenantId).where('id', '=', input.deploymentId).executeTakeFirst();
        if (!deployment) throw notFound('deployment', input.deploymentId);
        if (!deployment.active) throw new RuntimeError('TP_RUNTIME_CONFLICT', `deployment "${deployment.name}" is not active`);
        const blueprint = await this.blueprints.get(trx, input.tenantId, deployment.blueprint_version_id);
        const now = this.clock.now();
        const who = input.customerId === undefined ? undefined : await loadCustomer(trx, input.tenantId, input.customerId, now);
        const event: EngineEventInput = {
          type: 'case.started',
          caseId,
          data: input.data ?? {},
          customer: who?.customer ?? {},
          products: who?.products ?? [],
          entitlements: who?.entitlements ?? {},
          ...(input.channel !== undefined && { channel: input.channel }),
          ...(input.trigger !== undefined && { trigger: input.trigger }),
        };
        const result = transition({ blueprint, state: undefined, event, now });
        await trx
          .insertInto('cases')
          .values({
            tenant_id: input.tenantId,
            id: caseId,
            deployment_id: deployment.id,
            blueprint_version_id: deployment.blueprint_version_id,
            customer_id: input.customerId ?? null,
            status: result.state.status,
            outcome: null,
            state: result.state,
            parked_reason: null,
            created_at: now,
            updated_at: now,
            closed_at: null,
          })
          .execute();
        // Written like any later transition, from revision 0 (a fresh row).
        await writeTransition(trx, input.tenantId, caseId, result, now, { revision: 0, last_seq: 0 });
        return { status: result.state.status, created: true, result };
      });
      if (outcome.result) this.deps.onChange?.({ tenantId: input.tenantId, caseId, status: outcome.status, events: outcome.result.events });
      return { caseId, status: outcome.status, created: outcome.created };
    } catch (error) {
      // Two starts with the same id raced: the loser returns the winner's case.
      if (input.caseId === undefined || !isUniqueViolation(error)) throw error;
      const winner = await this.getCase(input.tenantId, caseId);
      return { caseId, status: winner.status, created: false };
    }
  }

  /** Something from outside happened to the case: a reply, a payment, a survey answer. */
  sendEvent(input: { tenantId: string; caseId: string; name: string; data?: Record<string, unknown> }): Promise<TransitionResult> {
    return applyEvent(this.deps, { tenantId: input.tenantId, caseId: input.caseId, event: { type: 'external', name: input.name, data: input.data ?? {} } });
  }

  cancelCase(input: { tenantId: string; caseId: string; reason?: string }): Promise<TransitionResult> {
    return applyEvent(this.deps, { tenantId: input.tenantId, caseId: input.caseId, event: { type: 'case.cancelled', reason: input.reason ?? 'cancelled' } });
  }

  /** Runs a parked case's failed step again (a new visit, so new idempotency keys). */
  async retryCase(input: { tenantId: string; caseId: string; by?: string }): Promise<TransitionResult> {
    const result = await applyEvent(this.deps, { tenantId: input.tenantId, caseId: input.caseId, event: { type: 'case.retried', ...(input.by !== undefined && { by: input.by }) } });
    if (!result.changed) throw new RuntimeError('TP_RUNTIME_CONFLICT', `case "${input.caseId}" is not parked`);
    return result;
  }

  async claimTask(input: { tenantId: string; taskId: string; assignee: string }): Promise<void> {
    const task = await this.task(input.tenantId, input.taskId);
    if (task.status !== 'open') throw new RuntimeError('TP_RUNTIME_CONFLICT', `task "${task.id}" is ${task.status}, not open`);
    await applyEvent(this.deps, {
      tenantId: input.tenantId,
      caseId: task.case_id,
      event: { type: 'task.claimed', key: taskKey(task), assignee: input.assignee },
      alongside: async (trx) => {
        const updated = await trx
          .updateTable('tasks')
          .set({ status: 'claimed', assignee: input.assignee, claimed_at: this.clock.now() })
          .where('tenant_id', '=', input.tenantId)
          .where('id', '=', task.id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw new RuntimeError('TP_RUNTIME_CONFLICT', `task "${task.id}" was claimed by someone else`);
      },
    });
  }

  /** Completes a task with form data, checked against the step's form schema. */
  async completeTask(input: { tenantId: string; taskId: string; data?: Record<string, unknown>; by?: string }): Promise<TransitionResult> {
    const task = await this.task(input.tenantId, input.taskId);
    if (task.status !== 'open' && task.status !== 'claimed') throw new RuntimeError('TP_RUNTIME_CONFLICT', `task "${task.id}" is ${task.status}`);
    const data = input.data ?? {};
    if (task.form) {
      const failures = checkAgainstSchema(task.form, data);
      if (failures.length > 0) throw new RuntimeError('TP_RUNTIME_FORM_INVALID', `the form data of task "${task.id}" is invalid`, failures);
    }
    return applyEvent(this.deps, {
      tenantId: input.tenantId,
      caseId: task.case_id,
      event: { type: 'task.completed', key: taskKey(task), data, ...(input.by !== undefined && { by: input.by }) },
      alongside: async (trx) => {
        const updated = await trx
          .updateTable('tasks')
          .set({ status: 'completed', data, completed_at: this.clock.now(), ...(input.by !== undefined && { assignee: input.by }) })
          .where('tenant_id', '=', input.tenantId)
          .where('id', '=', task.id)
          .where('status', 'in', ['open', 'claimed'])
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw new RuntimeError('TP_RUNTIME_CONFLICT', `task "${task.id}" was completed or closed meanwhile`);
      },
    });
  }

  /** Moves a task to another queue or person; recorded in the case log. */
  async reassignTask(input: { tenantId: string; taskId: string; queue?: string; assignee?: string | null; by?: string }): Promise<void> {
    const task = await this.task(input.tenantId, input.taskId);
    if (task.status !== 'open' && task.status !== 'claimed') throw new RuntimeError('TP_RUNTIME_CONFLICT', `task "${task.id}" is ${task.status}`);
    await this.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('cases').select('last_seq').where('tenant_id', '=', input.tenantId).where('id', '=', task.case_id).forUpdate().executeTakeFirstOrThrow();
      const assignee = input.assignee === undefined ? task.assignee : input.assignee;
      await trx
        .updateTable('tasks')
        .set({ queue: input.queue ?? task.queue, assignee, status: assignee === null ? 'open' : task.status })
        .where('tenant_id', '=', input.tenantId)
        .where('id', '=', task.id)
        .execute();
      const lastSeq = await appendCaseEvents(trx, input.tenantId, task.case_id, locked.last_seq, [
        { type: 'task.reassigned', nodeId: task.node_id, at: this.clock.now().toISOString(), data: { task: task.id, from: task.queue, queue: input.queue ?? task.queue, assignee, by: input.by ?? null } },
      ]);
      await trx.updateTable('cases').set({ last_seq: lastSeq }).where('tenant_id', '=', input.tenantId).where('id', '=', task.case_id).execute();
    });
  }

  async getCase(tenantId: string, caseId: string): Promise<Row<'cases'> & { state: CaseState }> {
    const row = await this.db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
    if (!row) throw notFound('case', caseId);
    return row as Row<'cases'> & { state: CaseState };
  }

  private async task(tenantId: string, taskId: string): Promise<Row<'tasks'>> {
    const task = await this.db.selectFrom('tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).executeTakeFirst();
    if (!task) throw notFound('task', taskId);
    return task;
  }
}

/** The engine's key for a task row. */
export function taskKey(task: Pick<Row<'tasks'>, 'case_id' | 'node_id' | 'visit'>): string {
  return `${task.case_id}/${task.node_id}/${task.visit}/task`;
}

