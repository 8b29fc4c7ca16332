import { z } from 'zod';
import { nodeBase } from './base.ts';

export const Outcome = z.enum(['resolved', 'resolved-first-contact', 'unresolved', 'declined', 'cancelled', 'transferred']);
export type Outcome = z.infer<typeof Outcome>;

/** Ends the case with an outcome that the KPIs read. */
export const EndNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('end'),
  outcome: Outcome,
});
