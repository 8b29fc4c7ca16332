import { z } from 'zod';
import { Duration, Expression, Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** Waits a time: relative (`after`), or until a moment computed from the case (`at`). */
export const TimerNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('timer'),
  after: Duration.optional(),
  at: Expression.optional().describe('A CEL timestamp, e.g. timestamp(case.departureAt) - duration("24h").'),
  calendar: Id.optional().describe('Count `after` in this calendar\'s business time.'),
});
