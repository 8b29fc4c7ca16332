import { z } from 'zod';
import { Duration, Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** Asks the customer for a CSAT (1–5) or NPS (0–10) score and waits for the answer. */
export const SurveyNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('survey'),
  survey: z.enum(['csat', 'nps']),
  channel: Id,
  replyOnOrigin: z
    .boolean()
    .optional()
    .describe('Send on the channel the case came in on (when it came in on one); `channel` otherwise.'),
  template: Id,
  timeout: Duration.default('72h').describe('After this the case goes on without an answer (the timeout edge).'),
});
