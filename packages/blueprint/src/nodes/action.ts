import { z } from 'zod';
import { Duration, Id } from '../primitives.ts';
import { ActionInput, nodeBase } from './base.ts';

export const RetryPolicy = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(5),
  backoff: Duration.default('2s').describe('The first retry delay; it doubles each attempt, with jitter.'),
});

/** Calls any plugin action: a CRM update, a refund, a rebooking, a payment. */
export const ActionNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('action'),
  plugin: Id,
  action: Id,
  input: ActionInput,
  output: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/)
    .optional()
    .describe('Store the action\'s output in the case data under this field.'),
  retry: RetryPolicy.optional(),
  timeout: Duration.optional(),
});
