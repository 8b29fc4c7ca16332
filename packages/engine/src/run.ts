import type { Edge, EdgeOn, ExpressionScope, Node, Outcome } from '@touchpoint/blueprint';
import type { CompiledBlueprint } from './compile.ts';
import type { CaseLogEvent, Effect } from './effects.ts';
import { effectiveStep } from './overlay.ts';
import { clockTimerKey, deadlineOf, nextDue, pauseClock, resumeClock, startClock, usedAt, type SlaClock, type SlaTarget } from './sla.ts';
import type { CaseState, Pending } from './state.ts';

/** How a step ended: along an outcome (`next`, `timeout`, …), along a chosen edge, or not yet. */
export type StepResult = { done: false } | { done: true; via: EdgeOn } | { done: true; edge: Edge };

export const WAITING: StepResult = { done: false };
export const NEXT: StepResult = { done: true, via: 'next' };

/** More steps than this in one transition means a loop of automatic steps: the case is parked. */
export const MAX_STEPS_PER_TRANSITION = 1_000;

/**
 * One transition in progress: a private copy of the case state that the node behaviours change,
 * and the effects and log events they produce. Nothing here performs I/O.
 */
export class Run {
  readonly effects: Effect[] = [];
  readonly events: CaseLogEvent[] = [];
  readonly at: string;

  constructor(
    readonly blueprint: CompiledBlueprint,
    public state: CaseState,
    readonly now: Date,
  ) {
    this.at = now.toISOString();
  }

  /** Appends to the case log; the node defaults to the current one, `null` says the case as a whole. */
  log(type: string, data?: Record<string, unknown>, node?: string | null): void {
    const event: CaseLogEvent = { type, at: this.at };
    const nodeId = node === undefined ? this.state.position?.nodeId : node;
    if (nodeId !== null && nodeId !== undefined) event.nodeId = nodeId;
    if (data !== undefined) event.data = data;
    this.events.push(event);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  /** The idempotency key of something the current visit of the current node does: `case/node/visit/what`. */
  key(what: string): string {
    const position = this.state.position;
    if (!position) throw new Error('no current step');
    return `${this.state.caseId}/${position.nodeId}/${position.visit}/${what}`;
  }

  scope(event?: Record<string, unknown>): ExpressionScope {
    const { customer } = this.state;
    return {
      case: this.state.data,
      customer: { ...customer.data, ...customer },
      event: event ?? {},
      products: this.state.products,
      entitlements: this.state.entitlements,
      now: this.now,
    };
  }

  wait(pending: Pending): StepResult {
    if (this.state.position) this.state.position.pending = pending;
    return WAITING;
  }

  schedule(key: string, at: Date): void {
    this.emit({ type: 'schedule-timer', key, at: at.toISOString() });
  }

  park(reason: string): void {
    const nodeId = this.state.position?.nodeId ?? '';
    this.state.status = 'parked';
    this.state.parked = { reason, nodeId, at: this.at };
    if (this.state.position) delete this.state.position.pending;
    this.log('case.parked', { reason }, nodeId);
  }

  // --- moving through the graph -------------------------------------------------------------

  /** Enters `nodeId` and keeps going through automatic steps until the case waits, ends or parks. */
  enter(nodeId: string, behaviours: Behaviours): void {
    let next: string | undefined = nodeId;
    let steps = 0;
    while (next !== undefined) {
      if (++steps > MAX_STEPS_PER_TRANSITION) {
        this.park(`more than ${MAX_STEPS_PER_TRANSITION} automatic steps in a row: the blueprint loops without waiting`);
        return;
      }
      const node = this.blueprint.nodes.get(next);
      if (!node) {
        this.park(`node "${next}" does not exist in this blueprint version`);
        return;
      }
      const visit = (this.state.visits[node.id] ?? 0) + 1;
      this.state.visits[node.id] = visit;
      this.state.position = { nodeId: node.id, visit, enteredAt: this.at };
      this.log('node.entered', { kind: node.kind, visit, lane: node.lane, stage: node.stage });
      this.startStepClocks(node);
      const result = behaviours.enter(this, node);
      next = this.settle(node, result);
    }
  }

  /** After a step did something: if it is done, finish it and say which node comes next. */
  settle(node: Node, result: StepResult): string | undefined {
    if (!result.done || this.state.status === 'parked') {
      this.updateStatus();
      return undefined;
    }
    const edge = 'edge' in result ? result.edge : this.edgeFor(node, result.via);
    const via = 'edge' in result ? result.edge.on : result.via;
    if (edge === undefined) {
      if (node.kind === 'end') return undefined;
      this.park(`"${node.id}" ended with "${via}", and the blueprint has no "${via}" edge from it`);
      return undefined;
    }
    this.leave(node, via);
    this.log('node.completed', { via, edge: edge.id }, node.id);
    return edge.to;
  }

  /** The edge a step takes for an outcome; a timeout with no edge of its own goes on as `next`. */
  edgeFor(node: Node, via: EdgeOn): Edge | undefined {
    const edges = this.blueprint.outgoing.get(node.id) ?? [];
    return edges.find((edge) => edge.on === via) ?? (via === 'timeout' ? edges.find((edge) => edge.on === 'next') : undefined);
  }

  /** Cleans up what the step still holds (an open task, a timer), stops its clocks, uses up entitlements. */
  leave(node: Node, via: EdgeOn): void {
    this.releasePending(via === 'breach' ? 'breached' : 'completed');
    this.stopStepClocks(node.id, this.state.position?.visit ?? 0, { cancelled: false });
    if (via === 'next' && node.consumes) this.consume(node.consumes.entitlement, node.consumes.quantity);
  }

  releasePending(reason: 'completed' | 'breached' | 'cancelled'): void {
    const pending = this.state.position?.pending;
    if (!pending) return;
    if (pending.kind === 'task') this.emit({ type: 'close-task', key: pending.key, reason });
    if (pending.kind === 'timer') this.emit({ type: 'cancel-timer', key: pending.key });
    if (pending.kind === 'event' && pending.timerKey !== undefined) this.emit({ type: 'cancel-timer', key: pending.timerKey });
    delete this.state.position!.pending;
    this.resumeCaseClocks();
  }

  finish(outcome: Outcome): void {
    this.state.status = 'completed';
    this.state.outcome = outcome;
    for (const clock of this.state.clocks.filter((c) => c.nodeId === undefined)) this.closeClock(clock, { cancelled: false });
    this.state.clocks = this.state.clocks.filter((c) => c.nodeId !== undefined);
    this.log('case.completed', { outcome, firstContact: this.state.contacts <= 1 && !this.reopened() });
  }

  cancel(reason: string): void {
    this.releasePending('cancelled');
    for (const clock of this.state.clocks) this.closeClock(clock, { cancelled: true });
    this.state.clocks = [];
    this.state.status = 'cancelled';
    this.state.outcome = 'cancelled';
    this.log('case.cancelled', { reason });
  }

  private reopened(): boolean {
    return Object.values(this.state.visits).some((visits) => visits > 1);
  }

  private updateStatus(): void {
    if (this.state.status !== 'running' && this.state.status !== 'waiting') return;
    const pending = this.state.position?.pending;
    this.state.status = pending && pending.kind !== 'effect' ? 'waiting' : 'running';
  }

  private consume(entitlement: string, quantity: number): void {
    const left = this.state.entitlements[entitlement];
    if (typeof left !== 'number' || left < quantity) {
      this.log('entitlement.insufficient', { entitlement, quantity, left: left ?? 0 });
      return;
    }
    this.state.entitlements[entitlement] = left - quantity;
    this.log('entitlement.consumed', { entitlement, quantity, left: left - quantity });
    const effect: Effect = { type: 'consume-entitlement', key: this.key(`consume-${entitlement}`), entitlement, quantity };
    if (this.state.customer.id !== undefined) effect.customerId = this.state.customer.id;
    this.emit(effect);
  }

  // --- SLA clocks ---------------------------------------------------------------------------

  startCaseClocks(): void {
    const policyId = this.blueprint.doc.sla;
    if (policyId === undefined) return;
    for (const target of ['firstResponse', 'resolution'] as const) this.startClock(`case:${target}`, policyId, target);
  }

  private startStepClocks(node: Node): void {
    const policyId = effectiveStep(this.blueprint, node, this.state).sla;
    if (policyId === undefined) return;
    const visit = this.state.position!.visit;
    for (const target of ['firstResponse', 'resolution'] as const) this.startClock(`${node.id}#${visit}:${target}`, policyId, target, node.id, visit);
  }

  private startClock(key: string, policyId: string, target: SlaTarget, nodeId?: string, visit?: number): void {
    const entry = this.blueprint.policies.get(policyId);
    if (!entry) return;
    const input: Parameters<typeof startClock>[0] = { key, policy: entry.policy, target, now: this.now };
    if (nodeId !== undefined) input.nodeId = nodeId;
    if (visit !== undefined) input.visit = visit;
    const clock = startClock(input);
    if (!clock) return;
    this.state.clocks.push(clock);
    this.scheduleMilestone(clock);
  }

  /** The resolution deadline of the current step, for a task's due time. */
  stepDeadline(nodeId: string, visit: number): Date | undefined {
    const clock = this.state.clocks.find((c) => c.nodeId === nodeId && c.visit === visit && c.target === 'resolution');
    return clock && deadlineOf(clock, this.calendarOf(clock));
  }

  calendarOf(clock: SlaClock) {
    const calendarId = this.blueprint.policies.get(clock.policyId)?.policy.calendar;
    return calendarId === undefined ? undefined : this.blueprint.calendars.get(calendarId);
  }

  private scheduleMilestone(clock: SlaClock): void {
    const milestones = this.blueprint.policies.get(clock.policyId)?.milestones ?? [];
    const due = nextDue(clock, milestones, this.calendarOf(clock));
    if (due) this.schedule(clockTimerKey(this.state.caseId, clock), due);
  }

  /** Stops a clock and logs whether the promise was kept: the record SLA attainment is computed from. */
  closeClock(clock: SlaClock, { cancelled }: { cancelled: boolean }): void {
    const used = usedAt(clock, this.calendarOf(clock), this.now);
    if (clock.runningSince !== undefined && clock.next < (this.blueprint.policies.get(clock.policyId)?.milestones.length ?? 0)) {
      this.emit({ type: 'cancel-timer', key: clockTimerKey(this.state.caseId, clock) });
    }
    const met = !clock.breached && used <= clock.budgetMs;
    this.log('sla.closed', { clock: clock.key, policy: clock.policyId, target: clock.target, usedMs: used, budgetMs: clock.budgetMs, met, cancelled }, clock.nodeId ?? null);
  }

  stopStepClocks(nodeId: string, visit: number, options: { cancelled: boolean; target?: SlaTarget }): void {
    const stopping = (c: SlaClock) => c.nodeId === nodeId && c.visit === visit && (options.target === undefined || c.target === options.target);
    for (const clock of this.state.clocks.filter(stopping)) this.closeClock(clock, options);
    this.state.clocks = this.state.clocks.filter((c) => !stopping(c));
  }

  /** The first message reached the customer: the case's first-response promise is settled. */
  responded(): void {
    if (this.state.responded) return;
    this.state.responded = true;
    const clock = this.state.clocks.find((c) => c.key === 'case:firstResponse');
    if (clock) {
      this.closeClock(clock, { cancelled: false });
      this.state.clocks = this.state.clocks.filter((c) => c !== clock);
    }
  }

  /** While the case waits on the customer, case clocks whose policy says so stop counting. */
  pauseCaseClocks(): void {
    this.state.clocks = this.state.clocks.map((clock) => {
      if (clock.nodeId !== undefined || clock.runningSince === undefined) return clock;
      if (!this.blueprint.policies.get(clock.policyId)?.policy.pauseWhileWaitingOnCustomer) return clock;
      this.emit({ type: 'cancel-timer', key: clockTimerKey(this.state.caseId, clock) });
      this.log('sla.paused', { clock: clock.key }, null);
      return pauseClock(clock, this.calendarOf(clock), this.now);
    });
  }

  resumeCaseClocks(): void {
    this.state.clocks = this.state.clocks.map((clock) => {
      if (clock.nodeId !== undefined || clock.runningSince !== undefined) return clock;
      const resumed = resumeClock(clock, this.now);
      this.log('sla.resumed', { clock: clock.key }, null);
      this.scheduleMilestone(resumed);
      return resumed;
    });
  }

  /**
   * A clock's milestone timer fired: warn, escalate along the ladder, record a breach. Returns the
   * clock (for a breach edge to be taken by the caller), or undefined when the timer is stale.
   */
  fireMilestone(timerKey: string): { clock: SlaClock; breach: boolean } | undefined {
    const index = this.state.clocks.findIndex((c) => c.runningSince !== undefined && clockTimerKey(this.state.caseId, c) === timerKey);
    if (index < 0) return undefined;
    const clock = this.state.clocks[index]!;
    const milestone = this.blueprint.policies.get(clock.policyId)?.milestones[clock.next];
    if (!milestone) return undefined;
    const used = usedAt(clock, this.calendarOf(clock), this.now);
    const where = clock.nodeId === undefined ? 'the case' : `"${clock.nodeId}"`;
    const data = { clock: clock.key, policy: clock.policyId, target: clock.target, usedMs: used, budgetMs: clock.budgetMs, share: milestone.at };
    const updated: SlaClock = { ...clock, next: clock.next + 1, breached: clock.breached || milestone.breach };
    const taskKey = this.openTaskKeyFor(clock);
    if (milestone.warning) {
      this.log('sla.warning', data, clock.nodeId ?? null);
      this.emit({ type: 'notify', key: `${timerKey}/warning`, ...(clock.nodeId !== undefined && { nodeId: clock.nodeId }), role: 'supervisor', reason: 'sla.warning', message: `${where}: ${Math.round(milestone.at * 100)}% of the ${clock.target} target used` });
    }
    if (milestone.breach) this.log('sla.breached', data, clock.nodeId ?? null);
    milestone.steps.forEach((step, i) => {
      this.log('sla.escalated', { ...data, action: step.action, role: step.role, queue: step.queue, priority: step.priority }, clock.nodeId ?? null);
      const key = `${timerKey}/escalation-${i}`;
      if (step.action === 'notify') {
        this.emit({ type: 'notify', key, ...(clock.nodeId !== undefined && { nodeId: clock.nodeId }), ...(step.role !== undefined && { role: step.role }), ...(step.queue !== undefined && { queue: step.queue }), reason: milestone.breach ? 'sla.breached' : 'sla.escalated', message: `${where}: the ${clock.target} target (${clock.policyId}) is ${milestone.breach ? 'breached' : `${Math.round(milestone.at * 100)}% used`}` });
      } else if (taskKey !== undefined) {
        if (step.action === 'raisePriority') this.emit({ type: 'update-task', key: taskKey, priority: step.priority ?? 9, reason: `escalation of ${clock.policyId}` });
        if (step.action === 'reassign' && step.queue !== undefined) this.emit({ type: 'update-task', key: taskKey, queue: step.queue, reason: `escalation of ${clock.policyId}` });
      }
    });
    this.state.clocks[index] = updated;
    this.scheduleMilestone(updated);
    return { clock: updated, breach: milestone.breach };
  }

  private openTaskKeyFor(clock: SlaClock): string | undefined {
    const position = this.state.position;
    if (!position || position.pending?.kind !== 'task') return undefined;
    if (clock.nodeId !== undefined && (clock.nodeId !== position.nodeId || clock.visit !== position.visit)) return undefined;
    return position.pending.key;
  }
}

/** The per-kind behaviours, as the run needs them (implemented in ./nodes). */
export interface Behaviours {
  enter(run: Run, node: Node): StepResult;
}
