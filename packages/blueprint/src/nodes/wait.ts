import { z } from 'zod';
import { Duration, Expression, Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** Waits for an event (a reply, a payment), with a timeout that takes the `timeout` edge. */
export const WaitNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('wait'),
  event: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/).describe('The case event type, e.g. "payment.captured".'),
  match: Expression.optional().describe('Only an event for which this is true ends the wait.'),
  timeout: Duration.optional(),
  calendar: Id.optional().describe('Count the timeout in this calendar\'s business time.'),
  waitingOn: z.enum(['customer', 'internal', 'partner']).default('internal').describe(
    'Waiting on the customer pauses SLA clocks that pause while waiting on the customer.',
  ),
});
