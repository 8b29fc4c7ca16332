import { z } from 'zod';
import { Expression, Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** A human SOP step (派工/工单) for a queue or role: checklist, form, SLA. */
export const TaskNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('task'),
  queue: Id,
  role: Id.optional(),
  title: z.string().min(1).max(200),
  checklist: z.array(z.string().min(1).max(500)).max(50).default([]),
  form: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('A JSON Schema (object) for the data the agent enters on completion.'),
  assignee: Expression.optional().describe('Who gets the task, e.g. customer.dedicatedAgent.'),
  priority: z.number().int().min(0).max(9).default(0),
});
