import { isTrue, type NodeOf } from '@touchpoint/blueprint';
import { NEXT, WAITING } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';

export const trigger: NodeBehaviour<NodeOf<'trigger'>> = { enter: () => NEXT };

/** The first edge whose condition holds, in document order; otherwise the default edge. */
export const decision: NodeBehaviour<NodeOf<'decision'>> = {
  enter(run, node) {
    const edges = run.blueprint.outgoing.get(node.id) ?? [];
    const scope = run.scope();
    const chosen =
      edges.find((edge) => edge.condition !== undefined && !edge.default && isTrue(run.blueprint.expression(edge.condition, 'bool'), scope)) ??
      edges.find((edge) => edge.default);
    if (!chosen) {
      run.park(`decision "${node.id}" has no branch to take`);
      return WAITING;
    }
    run.log('decision.taken', { edge: chosen.id, to: chosen.to, default: chosen.default === true });
    return { done: true, edge: chosen };
  },
};

export const end: NodeBehaviour<NodeOf<'end'>> = {
  enter(run, node) {
    run.finish(node.outcome);
    return NEXT;
  },
};
