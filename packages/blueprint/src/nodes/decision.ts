import { z } from 'zod';
import { nodeBase } from './base.ts';

/** Branches on its outgoing edges' conditions, in order; the `default` edge takes the rest. */
export const DecisionNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('decision'),
});
