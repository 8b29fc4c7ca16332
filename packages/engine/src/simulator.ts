import type { CompiledBlueprint } from './compile.ts';
import type { CallEffect, CaseLogEvent, CreateTaskEffect, Effect, SendEffect } from './effects.ts';
import type { EngineEventInput } from './events.ts';
import type { CaseState } from './state.ts';
import { transition, type TransitionResult } from './transition.ts';

/** How the simulated world answers a plugin call: an output, or an error (after all retries). */
export type CallAnswer = { output?: unknown } | { error: string };

export interface SimulationOptions {
  /** Answers plugin actions; by default every action succeeds with no output. */
  call?: (effect: CallEffect) => CallAnswer;
  /** Answers channel sends; by default every message is accepted. */
  send?: (effect: SendEffect) => CallAnswer;
}

export interface SimulatedTask extends CreateTaskEffect {
  status: 'open' | 'claimed' | 'completed' | 'closed';
  assignee?: string;
}

/**
 * One case run entirely in memory on a simulated clock: timers fire when time is advanced, plugin
 * calls are answered at once. It drives the same `transition` the runtime does, so tests, the CLI
 * and the studio's dry run see exactly what production would do — minus the I/O.
 */
export class Simulation {
  state: CaseState | undefined;
  readonly timers = new Map<string, Date>();
  readonly tasks = new Map<string, SimulatedTask>();
  readonly effects: Effect[] = [];
  readonly log: CaseLogEvent[] = [];

  constructor(
    readonly blueprint: CompiledBlueprint,
    public now: Date,
    private readonly options: SimulationOptions = {},
  ) {}

  /** Applies an event, then answers the plugin calls it caused, until the case waits. */
  apply(event: EngineEventInput): TransitionResult {
    const result = transition({ blueprint: this.blueprint, state: this.state, event, now: this.now });
    this.state = result.state;
    this.log.push(...result.events);
    const answers: EngineEventInput[] = [];
    for (const effect of result.effects) {
      this.effects.push(effect);
      const answer = this.perform(effect);
      if (answer) answers.push(answer);
    }
    for (const answer of answers) this.apply(answer);
    return result;
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(new Date(this.now.getTime() + ms));
  }

  advanceTo(target: Date): void {
    for (;;) {
      const next = [...this.timers].filter(([, at]) => at <= target).sort((a, b) => a[1].getTime() - b[1].getTime() || a[0].localeCompare(b[0]))[0];
      if (!next) break;
      const [key, at] = next;
      this.timers.delete(key);
      if (at > this.now) this.now = at;
      this.apply({ type: 'timer.fired', key });
    }
    if (target > this.now) this.now = target;
  }

  openTask(nodeId?: string): SimulatedTask | undefined {
    return [...this.tasks.values()].find((task) => (task.status === 'open' || task.status === 'claimed') && (nodeId === undefined || task.nodeId === nodeId));
  }

  claim(task: SimulatedTask, assignee = 'agent-1'): void {
    task.status = 'claimed';
    task.assignee = assignee;
    this.apply({ type: 'task.claimed', key: task.key, assignee });
  }

  complete(task: SimulatedTask, data: Record<string, unknown> = {}, by = 'agent-1'): void {
    task.status = 'completed';
    this.apply({ type: 'task.completed', key: task.key, data, by });
  }

  eventsOf(type: string): CaseLogEvent[] {
    return this.log.filter((event) => event.type === type);
  }

  private perform(effect: Effect): EngineEventInput | undefined {
    switch (effect.type) {
      case 'schedule-timer':
        this.timers.set(effect.key, new Date(effect.at));
        return undefined;
      case 'cancel-timer':
        this.timers.delete(effect.key);
        return undefined;
      case 'create-task':
        this.tasks.set(effect.key, { ...effect, status: 'open' });
        return undefined;
      case 'update-task': {
        const task = this.tasks.get(effect.key);
        if (task && effect.priority !== undefined) task.priority = effect.priority;
        if (task && effect.queue !== undefined) task.queue = effect.queue;
        return undefined;
      }
      case 'close-task': {
        const task = this.tasks.get(effect.key);
        if (task) task.status = 'closed';
        return undefined;
      }
      case 'send':
      case 'call': {
        const answer = effect.type === 'send' ? (this.options.send?.(effect) ?? {}) : (this.options.call?.(effect) ?? {});
        return 'error' in answer
          ? { type: 'effect.failed', key: effect.key, error: answer.error }
          : { type: 'effect.succeeded', key: effect.key, output: answer.output };
      }
      default:
        return undefined;
    }
  }
}
