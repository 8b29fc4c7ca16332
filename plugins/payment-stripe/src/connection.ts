import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/**
 * What a tenant enters to connect a Stripe account. `baseUrl` points the plugin at another host
 * (stripe-mock, a test server); the webhook secret is the signing secret of the endpoint the
 * tenant created in the Stripe dashboard for Touchpoint's webhook URL.
 */
export const Connection = z.object({
  secretKey: secret(z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'a secret key (sk_test_…, sk_live_…) or a restricted key (rk_…)')).describe(
    'Secret (or restricted) API key from the Stripe dashboard.',
  ),
  webhookSecret: secret(z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'a webhook signing secret, whsec_…')).describe(
    "Signing secret of the webhook endpoint (whsec_…): Stripe-Signature is checked with it.",
  ),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.stripe.com').describe('The API host.'),
  toleranceSeconds: z.number().int().min(1).max(86_400).default(300).describe('How far a webhook\'s signed timestamp may be from now before it counts as a replay.'),
  successUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where Checkout sends the customer after paying; may contain {CHECKOUT_SESSION_ID}.'),
  cancelUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where Checkout sends the customer who goes back.'),
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/)
    .optional()
    .describe("Sent as Stripe-Version; default: the account's API version."),
});
export type Connection = z.output<typeof Connection>;
