import type { Node, NodeKind, NodeOf } from '@touchpoint/blueprint';
import type { EngineEvent } from '../events.ts';
import type { Run, StepResult } from '../run.ts';

/**
 * What a node kind does: `enter` when the case arrives; `on` for an event while the case is at
 * it, returning undefined when the event is not for this step (a stale timer, a late result).
 */
export interface NodeBehaviour<N extends Node = Node> {
  enter(run: Run, node: N): StepResult;
  on?(run: Run, node: N, event: EngineEvent): StepResult | undefined;
}

export type BehaviourTable = { [K in NodeKind]: NodeBehaviour<NodeOf<K>> };
