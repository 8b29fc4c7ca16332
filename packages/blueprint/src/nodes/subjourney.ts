import { z } from 'zod';
import { Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** Runs another blueprint as a step and continues when it ends. */
export const SubjourneyNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('subjourney'),
  blueprint: Id.describe('The id of the blueprint to run.'),
});
