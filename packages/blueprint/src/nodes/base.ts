import { z } from 'zod';
import { Id, Label } from '../primitives.ts';

/** The classic service-blueprint lanes, top to bottom. The line of visibility runs below `frontstage`. */
export const Lane = z.enum(['customer', 'frontstage', 'backstage', 'support']);
export type Lane = z.infer<typeof Lane>;

/** Fields every node kind shares: identity, place on the canvas, and the SLA it runs under. */
export const nodeBase = {
  id: Id,
  name: Label.optional(),
  description: z.string().max(4000).optional(),
  lane: Lane,
  stage: Id.describe('The stage (column) the node belongs to.'),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional().describe('Where the studio draws it.'),
  sla: Id.optional().describe('An SLA policy id from the blueprint\'s slaPolicies.'),
  consumes: z
    .strictObject({ entitlement: Id, quantity: z.number().int().min(1).max(100).default(1) })
    .optional()
    .describe('An entitlement this step uses up when it completes, e.g. one free rebooking.'),
};

/** Input values for a plugin action: literals, or `{ "$expr": "<CEL>" }` computed per case. */
export const ExpressionValue = z.strictObject({ $expr: z.string().min(1).max(2000) });
export const ActionInput = z.record(z.string().max(64), z.unknown()).default({});
