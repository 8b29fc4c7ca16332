import { durationMs, ExpressionError, type NodeOf } from '@touchpoint/blueprint';
import { businessDeadline } from '../business-time/index.ts';
import { NEXT, WAITING, type Run } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';

/** Waits a duration, or until a moment computed from the case (e.g. 24 hours before departure). */
export const timer: NodeBehaviour<NodeOf<'timer'>> = {
  enter(run, node) {
    const due = dueTime(run, node);
    if (due === undefined) return WAITING;
    const key = run.key('timer');
    run.schedule(key, due);
    return run.wait({ kind: 'timer', key });
  },
  on(run, _node, event) {
    const pending = run.state.position?.pending;
    if (event.type !== 'timer.fired' || pending?.kind !== 'timer' || pending.key !== event.key) return undefined;
    delete run.state.position!.pending;
    return NEXT;
  },
};

function dueTime(run: Run, node: NodeOf<'timer'>): Date | undefined {
  if (node.after !== undefined) {
    const calendar = node.calendar === undefined ? undefined : run.blueprint.calendars.get(node.calendar);
    return businessDeadline(calendar, run.now, durationMs(node.after));
  }
  try {
    const at = run.blueprint.expression(node.at ?? '', 'timestamp').evaluate(run.scope());
    if (at instanceof Date && !Number.isNaN(at.getTime())) return at < run.now ? run.now : at;
    run.park(`timer "${node.id}": "at" gave ${JSON.stringify(at)}, not a time`);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    run.park(`timer "${node.id}": ${error.message}`);
  }
  return undefined;
}
