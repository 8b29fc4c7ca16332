import type { NodeOf } from '@touchpoint/blueprint';
import type { CreateTaskEffect } from '../effects.ts';
import { effectiveStep } from '../overlay.ts';
import { NEXT } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';

/** Creates a human task (with the tier's queue, priority and agent) and goes on when it is done. */
export const task: NodeBehaviour<NodeOf<'task'>> = {
  enter(run, node) {
    const step = effectiveStep(run.blueprint, node, run.state);
    const position = run.state.position!;
    const key = run.key('task');
    const effect: CreateTaskEffect = {
      type: 'create-task',
      key,
      nodeId: node.id,
      title: node.title,
      queue: step.queue ?? node.queue,
      priority: step.priority ?? node.priority,
      checklist: node.checklist,
    };
    if (node.role !== undefined) effect.role = node.role;
    if (node.form !== undefined) effect.form = node.form;
    const assignee = step.assignee ?? (node.assignee === undefined ? undefined : run.blueprint.expression(node.assignee).evaluate(run.scope()));
    if (typeof assignee === 'string' && assignee !== '') effect.assignee = assignee;
    const due = run.stepDeadline(node.id, position.visit);
    if (due) effect.dueAt = due.toISOString();
    run.emit(effect);
    run.log('task.created', { queue: effect.queue, priority: effect.priority, ...(effect.dueAt !== undefined && { dueAt: effect.dueAt }) });
    return run.wait({ kind: 'task', key });
  },
  on(run, node, event) {
    const pending = run.state.position?.pending;
    if (pending?.kind !== 'task' || !('key' in event) || event.key !== pending.key) return undefined;
    const visit = run.state.position!.visit;
    if (event.type === 'task.claimed') {
      // The agent picked it up: that is the step's first response.
      run.stopStepClocks(node.id, visit, { cancelled: false, target: 'firstResponse' });
      run.log('task.claimed', { assignee: event.assignee });
      return { done: false };
    }
    if (event.type !== 'task.completed') return undefined;
    delete run.state.position!.pending;
    Object.assign(run.state.data, event.data);
    run.log('task.completed', { by: event.by, data: event.data });
    return NEXT;
  },
};
