import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/** What a tenant enters to connect their own system: where to POST, and the two shared secrets. */
export const WebhookConnection = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .regex(/^https?:\/\//i, 'must be an http(s) URL')
      .describe('The endpoint Touchpoint POSTs to (https in production)'),
    signingSecret: secret(z.string().min(16)).describe('Signs outbound requests (X-Touchpoint-Signature); at least 16 characters'),
    inboundSecret: secret(z.string().min(16)).describe('Verifies inbound webhooks; at least 16 characters, different from the signing secret'),
    toleranceSeconds: z.number().int().min(1).max(3_600).default(300).describe('How far an inbound timestamp may be from now, in seconds (replay protection)'),
  })
  // One secret both ways would let a captured outbound request be played back as an inbound event.
  .refine((connection) => connection.signingSecret !== connection.inboundSecret, { path: ['inboundSecret'], message: 'must differ from signingSecret' });
export type WebhookConnection = z.output<typeof WebhookConnection>;
