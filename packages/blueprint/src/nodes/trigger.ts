import { z } from 'zod';
import { Id } from '../primitives.ts';
import { nodeBase } from './base.ts';

/** What starts a case: a channel message, a plugin webhook, an API call or a schedule. */
export const TriggerNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('trigger'),
  source: z.enum(['channel', 'webhook', 'api', 'schedule']),
  plugin: Id.optional().describe('For channel and webhook sources: the plugin whose trigger starts the case.'),
  trigger: Id.optional().describe('The plugin trigger, e.g. "inbound".'),
  event: Id.optional().describe('The case event type that starts the case, e.g. "rebooking.requested".'),
  schedule: z.string().max(100).optional().describe('For schedule sources: a cron expression.'),
});
