import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PluginError } from './errors.ts';

/**
 * An incoming webhook as the server received it. `body` is the raw bytes or text, unparsed, so a
 * trigger can check a signature over exactly what the provider signed. Header names are lowercase.
 */
export interface WebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Uint8Array;
}

/**
 * What a trigger's `parse` produces: a named case event. `caseRef` (the provider's conversation or
 * payment id) or `customerRef` (a phone number, an email) lets the server find the case; `start`
 * asks for a new case when none matches.
 */
export const TriggerEvent = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'an event name is lowercase, e.g. "customer.message"'),
  data: z.record(z.string(), z.unknown()).default({}),
  caseRef: z.string().min(1).max(200).optional(),
  customerRef: z.string().min(1).max(200).optional(),
  start: z.boolean().optional(),
});
export type TriggerEvent = z.output<typeof TriggerEvent>;
export type TriggerEventInput = z.input<typeof TriggerEvent>;

/** The body as UTF-8 text. */
export function bodyText(request: WebhookRequest): string {
  return typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
}

/** The body parsed as JSON; a body that is not JSON is a `TP_PLUGIN_PAYLOAD_INVALID`. */
export function bodyJson(request: WebhookRequest): unknown {
  try {
    return JSON.parse(bodyText(request));
  } catch (error) {
    throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: `the body is not JSON: ${(error as Error).message}` });
  }
}

/** One header, case-insensitively; the first value when it was sent more than once. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Hex HMAC-SHA256 of the raw body, the signature most providers send. */
export function hmacSha256Hex(secret: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Compares two signatures in constant time (so the comparison leaks nothing about the secret). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
