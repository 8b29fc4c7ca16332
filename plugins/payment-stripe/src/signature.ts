import { createHmac } from 'node:crypto';
import { safeEqual } from '@touchpoint/plugin-sdk';

/** The parts of a `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`. */
export interface StripeSignatureHeader {
  timestamp: number;
  /** Every `v1` value: Stripe sends one per active endpoint secret while a secret is being rolled. */
  signatures: string[];
}

/** Reads the header; undefined when it has no integer `t` or no `v1`. */
export function parseStripeSignature(value: string): StripeSignatureHeader | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    const item = part.slice(equals + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(item)) timestamp = Number(item);
    else if (key === 'v1' && item !== '') signatures.push(item.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * The `v1` signature Stripe documents (https://docs.stripe.com/webhooks#verify-manually): hex
 * HMAC-SHA256, keyed with the endpoint's signing secret, of `<t>.<raw body>`.
 */
export function stripeSignature(secret: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** Whether any `v1` value signs the body, each compared in constant time. */
export function anySignatureMatches(secret: string, header: StripeSignatureHeader, body: string | Uint8Array): boolean {
  const expected = stripeSignature(secret, header.timestamp, body);
  let matched = false;
  // No early exit: how many values were checked says nothing about which one matched.
  for (const signature of header.signatures) if (safeEqual(signature, expected)) matched = true;
  return matched;
}
