import type { NodeOf } from '@touchpoint/blueprint';
import { NEXT } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';

/** Starts another blueprint as a child case and goes on when it ends; its result lands under the node id. */
export const subjourney: NodeBehaviour<NodeOf<'subjourney'>> = {
  enter(run, node) {
    const key = run.key('subjourney');
    run.emit({ type: 'start-subjourney', key, nodeId: node.id, blueprint: node.blueprint, data: { ...run.state.data } });
    return run.wait({ kind: 'subjourney', key });
  },
  on(run, node, event) {
    const pending = run.state.position?.pending;
    if (event.type !== 'subjourney.ended' || pending?.kind !== 'subjourney' || pending.key !== event.key) return undefined;
    delete run.state.position!.pending;
    run.state.data[node.id] = { outcome: event.outcome, ...event.data };
    return NEXT;
  },
};
