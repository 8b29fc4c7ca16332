import type { Node } from '@touchpoint/blueprint';
import type { EngineEvent } from '../events.ts';
import type { Behaviours, Run, StepResult } from '../run.ts';
import { action } from './action.ts';
import { decision, end, trigger } from './automatic.ts';
import type { BehaviourTable, NodeBehaviour } from './behaviour.ts';
import { subjourney } from './subjourney.ts';
import { survey } from './survey.ts';
import { task } from './task.ts';
import { timer } from './timer.ts';
import { touchpoint } from './touchpoint.ts';
import { wait } from './wait.ts';

export { SURVEY_ANSWERED } from './survey.ts';

const TABLE: BehaviourTable = { trigger, touchpoint, task, wait, timer, decision, action, survey, subjourney, end };

/** The behaviour of a node's kind; one cast here keeps every kind's module precisely typed. */
function behaviourOf(node: Node): NodeBehaviour {
  return TABLE[node.kind] as NodeBehaviour;
}

export const behaviours: Behaviours & { on(run: Run, node: Node, event: EngineEvent): StepResult | undefined } = {
  enter: (run, node) => behaviourOf(node).enter(run, node),
  on: (run, node, event) => behaviourOf(node).on?.(run, node, event),
};
