import { durationMs, isTrue, type NodeOf } from '@touchpoint/blueprint';
import { businessDeadline } from '../business-time/index.ts';
import type { Pending } from '../state.ts';
import { NEXT, type Run } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';

/** Waits for an outside event (a payment, a reply), with a timeout counted in business time if asked. */
export const wait: NodeBehaviour<NodeOf<'wait'>> = {
  enter(run, node) {
    const early = takeFromInbox(run, node);
    if (early) {
      run.state.data.events = { ...(run.state.data.events as Record<string, unknown> | undefined), [node.event]: early.data };
      run.log('wait.satisfied-early', { event: node.event, receivedAt: early.at });
      return NEXT;
    }
    const pending: Pending = { kind: 'event', name: node.event };
    if (node.timeout !== undefined) {
      const calendar = node.calendar === undefined ? undefined : run.blueprint.calendars.get(node.calendar);
      pending.timerKey = run.key('timeout');
      run.schedule(pending.timerKey, businessDeadline(calendar, run.now, durationMs(node.timeout)));
    }
    if (node.waitingOn === 'customer') run.pauseCaseClocks();
    return run.wait(pending);
  },
  on(run, node, event) {
    const pending = run.state.position?.pending;
    if (pending?.kind !== 'event') return undefined;
    if (event.type === 'timer.fired' && event.key === pending.timerKey) {
      delete run.state.position!.pending;
      run.resumeCaseClocks();
      run.log('wait.timed-out', { event: node.event });
      return { done: true, via: 'timeout' };
    }
    if (event.type !== 'external' || event.name !== node.event) return undefined;
    if (node.match !== undefined && !isTrue(run.blueprint.expression(node.match, 'bool'), run.scope(event.data))) {
      run.log('wait.unmatched', { event: node.event });
      return { done: false };
    }
    run.state.data.events = { ...(run.state.data.events as Record<string, unknown> | undefined), [node.event]: event.data };
    return NEXT;
  },
};

/** The oldest kept event this wait would accept, removed from the inbox. */
function takeFromInbox(run: Run, node: NodeOf<'wait'>) {
  const inbox = run.state.inbox ?? [];
  const index = inbox.findIndex(
    (event) => event.name === node.event && (node.match === undefined || isTrue(run.blueprint.expression(node.match, 'bool'), run.scope(event.data))),
  );
  if (index < 0) return undefined;
  const [early] = inbox.splice(index, 1);
  run.state.inbox = inbox;
  return early;
}
