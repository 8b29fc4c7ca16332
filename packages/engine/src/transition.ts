import type { CompiledBlueprint } from './compile.ts';
import type { CaseLogEvent, Effect } from './effects.ts';
import { EngineEvent, type EngineEventInput } from './events.ts';
import { behaviours } from './nodes/index.ts';
import { Run } from './run.ts';
import { INBOX_LIMIT, type CaseState } from './state.ts';

export interface TransitionInput {
  blueprint: CompiledBlueprint;
  /** The case's state, or undefined for `case.started`. */
  state: CaseState | undefined;
  event: EngineEventInput;
  /** The clock: the engine never reads the system time. */
  now: Date;
}

export interface TransitionResult {
  state: CaseState;
  effects: Effect[];
  /** Entries for the case event log. */
  events: CaseLogEvent[];
  /** False when the event did nothing (a stale timer, a duplicate result): there is nothing to store. */
  changed: boolean;
}

/** An event the engine cannot apply: malformed, or for a case that has not started. */
export class EngineInputError extends Error {
  override name = 'EngineInputError';
}

/**
 * The interpreter: one event in, the case's next state and what to do out. Pure — the same
 * input always gives the same output — so the runtime, the simulator and the studio's dry run
 * share it. Stale and duplicate events (a timer of a step already left, a second delivery of a
 * plugin result) change nothing, which is what makes at-least-once delivery safe.
 *
 * @example
 * let { state, effects } = transition({ blueprint, state: undefined, event: { type: 'case.started', caseId: 'c1' }, now });
 */
export function transition(input: TransitionInput): TransitionResult {
  const parsed = EngineEvent.safeParse(input.event);
  if (!parsed.success) throw new EngineInputError(`not an engine event: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const event = parsed.data;
  const { blueprint, now } = input;

  if (event.type === 'case.started') {
    if (input.state) return unchanged(input.state);
    const trigger = event.trigger ?? blueprint.firstTrigger;
    if (blueprint.nodes.get(trigger)?.kind !== 'trigger') throw new EngineInputError(`"${trigger}" is not a trigger of this blueprint`);
    const run = new Run(blueprint, initialState(blueprint, event, now), now);
    run.log('case.started', { trigger, products: event.products, channel: event.channel ?? null, segment: event.customer.segment ?? null }, trigger);
    run.startCaseClocks();
    run.enter(trigger, behaviours);
    return resultOf(run);
  }

  const state = input.state;
  if (!state) throw new EngineInputError(`"${event.type}" for a case that has not started`);
  if (state.status === 'completed' || state.status === 'cancelled') return unchanged(state);
  const run = new Run(blueprint, structuredClone(state), now);

  switch (event.type) {
    case 'case.cancelled':
      run.cancel(event.reason);
      return resultOf(run);
    case 'case.retried':
      return retry(run, state, event.by);
    case 'external':
      run.log('event.received', { name: event.name, data: event.data });
      if (event.name === 'customer.message') run.state.contacts += 1;
      break;
    case 'timer.fired': {
      const fired = run.fireMilestone(event.key);
      if (fired) {
        const position = run.state.position;
        const node = position && blueprint.nodes.get(position.nodeId);
        const ownStep = node && fired.clock.nodeId === node.id && fired.clock.visit === position.visit;
        if (fired.breach && ownStep && run.state.status !== 'parked' && run.edgeFor(node, 'breach')?.on === 'breach') {
          continueFrom(run, run.settle(node, { done: true, via: 'breach' }));
        }
        return resultOf(run);
      }
      break;
    }
  }

  const position = run.state.position;
  const node = position && blueprint.nodes.get(position.nodeId);
  const result = node && run.state.status !== 'parked' ? behaviours.on(run, node, event) : undefined;
  if (result === undefined && event.type === 'external') keepForLater(run, event);
  if (result === undefined) return run.events.length > 0 ? resultOf(run) : unchanged(state);
  continueFrom(run, run.settle(node!, result));
  return resultOf(run);
}

/** An outside event no step took: kept, so a wait entered later can take it (bounded). */
function keepForLater(run: Run, event: Extract<EngineEvent, { type: 'external' }>): void {
  const inbox = [...(run.state.inbox ?? []), { name: event.name, data: event.data, at: run.at }];
  run.state.inbox = inbox.slice(-INBOX_LIMIT);
}

function continueFrom(run: Run, next: string | undefined): void {
  if (next !== undefined) run.enter(next, behaviours);
}

/** A person retries a parked case: the step that failed runs again as a new visit (new idempotency keys). */
function retry(run: Run, state: CaseState, by: string | undefined): TransitionResult {
  const position = state.position;
  if (state.status !== 'parked' || !position) return unchanged(state);
  run.state.status = 'running';
  delete run.state.parked;
  run.log('case.retried', { by: by ?? null, reason: state.parked?.reason ?? null }, position.nodeId);
  run.stopStepClocks(position.nodeId, position.visit, { cancelled: true });
  run.enter(position.nodeId, behaviours);
  return resultOf(run);
}

function initialState(blueprint: CompiledBlueprint, event: Extract<EngineEvent, { type: 'case.started' }>, now: Date): CaseState {
  const { locales, defaultLocale } = blueprint.doc;
  const state: CaseState = {
    caseId: event.caseId,
    status: 'running',
    data: { ...event.data },
    customer: event.customer,
    products: event.products,
    entitlements: { ...event.entitlements },
    locale: event.customer.locale ?? defaultLocale ?? locales[0]!,
    visits: {},
    clocks: [],
    startedAt: now.toISOString(),
    responded: false,
    contacts: 1,
  };
  if (event.channel !== undefined) state.channel = event.channel;
  return state;
}

function resultOf(run: Run): TransitionResult {
  return { state: run.state, effects: run.effects, events: run.events, changed: true };
}

function unchanged(state: CaseState): TransitionResult {
  return { state, effects: [], events: [], changed: false };
}
