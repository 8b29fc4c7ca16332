import { z } from 'zod';
import { Expression, Id, Label } from './primitives.ts';

/**
 * Which outcome of its source node an edge follows: `next` on success, `timeout` when a wait,
 * task, survey or timer runs out of time, `error` when an action fails after its last retry,
 * `breach` when the step's SLA is breached (the step is left, e.g. its task closed, and the case
 * takes the breach edge; without one the step stays open and the escalation ladder runs).
 */
export const EdgeOn = z.enum(['next', 'timeout', 'error', 'breach']);
export type EdgeOn = z.infer<typeof EdgeOn>;

export const Edge = z.strictObject({
  id: Id,
  from: Id,
  to: Id,
  on: EdgeOn.default('next'),
  condition: Expression.optional().describe('On a decision\'s edges: taken when true, tried in order.'),
  default: z.boolean().optional().describe('On a decision: the edge taken when no condition holds.'),
  label: Label.optional(),
});
export type Edge = z.infer<typeof Edge>;
