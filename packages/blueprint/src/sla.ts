import { z } from 'zod';
import { Duration, Id, Label } from './primitives.ts';

/** What an escalation step does when its moment comes. */
export const EscalationAction = z.enum(['notify', 'raisePriority', 'reassign']);
export type EscalationAction = z.infer<typeof EscalationAction>;

export const EscalationStep = z
  .strictObject({
    at: z
      .number()
      .min(0.1)
      .max(10)
      .describe('When, as a share of the target: 0.8 is the warning point, 1 the breach, 1.5 half the target late.'),
    action: EscalationAction,
    role: Id.optional().describe('Who is notified or takes over, e.g. "supervisor".'),
    queue: Id.optional().describe('For reassign: the queue that takes the step over.'),
    priority: z.number().int().min(0).max(9).optional().describe('For raisePriority: the new priority.'),
  })
  .describe('One rung of the escalation ladder.');
export type EscalationStep = z.infer<typeof EscalationStep>;

/**
 * A promised time for a step (时效承诺): first response and/or resolution, counted in business
 * time on `calendar` (24×7 without one), with a warning point and an escalation ladder.
 */
export const SlaPolicy = z.strictObject({
  id: Id,
  name: Label.optional(),
  calendar: Id.optional().describe('The business calendar the clock runs on; 24×7 when absent.'),
  firstResponse: Duration.optional(),
  resolution: Duration.optional(),
  warnAt: z.number().min(0.1).max(1).default(0.8).describe('Share of the target at which a warning is raised.'),
  pauseWhileWaitingOnCustomer: z.boolean().default(true),
  escalations: z.array(EscalationStep).max(10).default([]),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
