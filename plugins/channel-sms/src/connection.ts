import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/** A phone number in E.164: `+`, country code, subscriber number, at most 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;
/** A Twilio Messaging Service SID: `MG` and 32 hex digits. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * What a tenant enters to connect a Twilio (or Twilio-compatible) account. `baseUrl` points the
 * plugin at another host (a compatible provider, a regional edge, a test server).
 */
export const Connection = z.object({
  accountSid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an account SID, e.g. AC0123…')
    .describe('Account SID (AC…) from the Twilio console; also the HTTP Basic user name.'),
  authToken: secret(z.string().min(1)).describe('Auth token: the HTTP Basic password and the key that signs inbound webhooks.'),
  from: z
    .string()
    // One pattern (not a refine) so that the JSON Schema the server checks connections with has it too.
    .regex(new RegExp(`${E164.source}|${MESSAGING_SERVICE_SID.source}`), 'an E.164 number (+8613800000000) or a Messaging Service SID (MG…)')
    .describe('The sender: a number in E.164, or a Messaging Service SID (MG…) to let Twilio pick one.'),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com').describe('The REST API host.'),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('The exact public URL configured in Twilio for incoming messages (it is part of what Twilio signs). Default: the URL the request arrived at.'),
});
export type Connection = z.output<typeof Connection>;
