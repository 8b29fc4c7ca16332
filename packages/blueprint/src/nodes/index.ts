import { z } from 'zod';
import { ActionNode } from './action.ts';
import { DecisionNode } from './decision.ts';
import { EndNode } from './end.ts';
import { SubjourneyNode } from './subjourney.ts';
import { SurveyNode } from './survey.ts';
import { TaskNode } from './task.ts';
import { TimerNode } from './timer.ts';
import { TouchpointNode } from './touchpoint.ts';
import { TriggerNode } from './trigger.ts';
import { WaitNode } from './wait.ts';

export { Lane, ExpressionValue } from './base.ts';
export { Outcome } from './end.ts';
export { RetryPolicy } from './action.ts';
export {
  ActionNode,
  DecisionNode,
  EndNode,
  SubjourneyNode,
  SurveyNode,
  TaskNode,
  TimerNode,
  TouchpointNode,
  TriggerNode,
  WaitNode,
};

/** Every node kind, discriminated on `kind`. */
export const Node = z.discriminatedUnion('kind', [
  TriggerNode,
  TouchpointNode,
  TaskNode,
  WaitNode,
  TimerNode,
  DecisionNode,
  ActionNode,
  SurveyNode,
  SubjourneyNode,
  EndNode,
]);
export type Node = z.infer<typeof Node>;
export type NodeKind = Node['kind'];
export type NodeOf<K extends NodeKind> = Extract<Node, { kind: K }>;
export const NODE_KINDS = Node.options.map((option) => option.shape.kind.value) as NodeKind[];
