import { z } from 'zod';
import { Expression, Id } from '../primitives.ts';
import { ActionInput, nodeBase } from './base.ts';

/** A message to the customer on a channel, rendered from a message template in the case's locale. */
export const TouchpointNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('touchpoint'),
  channel: Id.describe('The channel plugin, e.g. "channel-sms".'),
  replyOnOrigin: z
    .boolean()
    .optional()
    .describe('Send on the channel the case came in on (when it came in on one); `channel` otherwise.'),
  action: Id.default('send'),
  template: Id.describe('A message template id from the blueprint\'s templates.'),
  to: Expression.optional().describe('Recipient; defaults to the customer\'s address on the channel.'),
  input: ActionInput.optional().describe('Extra action input beyond recipient and text.'),
});
