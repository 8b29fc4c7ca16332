import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPluginHost, isPluginError, PluginError, runAction, runTrigger, type LogEntry } from '@touchpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stripe from '../src/index.ts';
import { readBody, startFakeStripe, type FakeStripe } from './fake-stripe.ts';

const keys = { secretKey: 'sk_test_51Touchpoint0123456789abcdef', webhookSecret: 'whsec_test0123456789abcdefghijklmnop' };
const connection = { ...keys };
const NOW = new Date('2026-05-04T08:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const clock = { now: () => NOW };

/** Stripe's scheme, written again here from its documentation: hex HMAC-SHA256 of `${t}.${body}`. */
function v1(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

function signed(payload: unknown, options: { timestamp?: number; secret?: string; header?: (t: number, signature: string) => string } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = options.timestamp ?? T;
  const signature = v1(options.secret ?? keys.webhookSecret, timestamp, body);
  return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'Stripe-Signature': options.header?.(timestamp, signature) ?? `t=${timestamp},v1=${signature}` } };
}

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1PqA2b3C4d5E6f7G', object: 'event', api_version: '2024-06-20', created: T, data: { object }, livemode: false, type });

const session = (extra: Record<string, unknown> = {}) => ({
  id: 'cs_test_a1b2c3',
  object: 'checkout.session',
  amount_total: 12850,
  currency: 'cny',
  client_reference_id: 'case-42',
  metadata: { caseId: 'case-42' },
  mode: 'payment',
  payment_intent: 'pi_3PqA',
  payment_status: 'paid',
  status: 'complete',
  ...extra,
});

const intent = (extra: Record<string, unknown> = {}) => ({
  id: 'pi_3PqB',
  object: 'payment_intent',
  amount: 5000,
  amount_received: 5000,
  currency: 'jpy',
  metadata: { caseId: 'case-7' },
  status: 'succeeded',
  last_payment_error: null,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

const deliver = (request: { body: string; headers: Record<string, string> }, options: { logger?: (entry: LogEntry) => void } = {}) =>
  runTrigger(stripe, 'webhook', request, { connection, clock, ...options });

describe('Stripe-Signature', () => {
  it('accepts a signature computed as Stripe documents it', async () => {
    expect(await deliver(signed(event('checkout.session.completed', session())))).toEqual([
      {
        name: 'payment.captured',
        data: { amount: 128.5, currency: 'CNY', paymentIntent: 'pi_3PqA', checkoutSession: 'cs_test_a1b2c3', eventId: 'evt_1PqA2b3C4d5E6f7G' },
        caseRef: 'case-42',
      },
    ]);
  });

  it('refuses a signature made with another secret, or over another body', async () => {
    const forged = await failure(deliver(signed(event('checkout.session.completed', session()), { secret: 'whsec_someoneelse' })));
    expect(forged).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', plugin: 'payment-stripe', action: 'webhook', detail: 'the webhook signature does not verify' });
    const original = signed(event('checkout.session.completed', session()));
    const tampered = { ...original, body: original.body.replace('12850', '1') };
    expect((await failure(deliver(tampered))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuses a replay: a timestamp further from now than the tolerance, either way', async () => {
    const old = await failure(deliver(signed(event('checkout.session.completed', session()), { timestamp: T - 301 })));
    expect(old).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the signature was made 301 s ago, more than the 300 s tolerated: a replay, or a clock out of step' });
    const future = await failure(deliver(signed(event('checkout.session.completed', session()), { timestamp: T + 600 })));
    expect(future.detail).toBe('the signature was made 600 s from now, more than the 300 s tolerated: a replay, or a clock out of step');
    expect(await deliver(signed(event('checkout.session.completed', session()), { timestamp: T - 300 }))).toHaveLength(1);
    const lenient = await runTrigger(stripe, 'webhook', signed(event('checkout.session.completed', session()), { timestamp: T - 3_000 }), { connection: { ...connection, toleranceSeconds: 3_600 }, clock });
    expect(lenient).toHaveLength(1);
  });

  it('accepts any of several v1 values (a secret being rolled) and ignores v0', async () => {
    const payload = event('checkout.session.completed', session());
    const both = signed(payload, { header: (t, signature) => `t=${t},v1=${v1('whsec_oldsecret', t, JSON.stringify(payload))},v1=${signature},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39` });
    expect(await deliver(both)).toHaveLength(1);
    const onlyV0 = signed(payload, { header: (t, signature) => `t=${t},v0=${signature}` });
    expect(await failure(deliver(onlyV0))).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the Stripe-Signature header has no timestamp or no v1 signature' });
    const wrongOnes = signed(payload, { header: (t) => `t=${t},v1=${'0'.repeat(64)},v1=deadbeef` });
    expect((await failure(deliver(wrongOnes))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuses a missing or unreadable header', async () => {
    const body = JSON.stringify(event('checkout.session.completed', session()));
    expect(await failure(deliver({ body, headers: {} }))).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the request has no Stripe-Signature header' });
    expect((await failure(deliver({ body, headers: { 'stripe-signature': 'v1=abc' } }))).detail).toBe('the Stripe-Signature header has no timestamp or no v1 signature');
    expect((await failure(deliver({ body, headers: { 'stripe-signature': 't=soon,v1=abc' } }))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });
});

describe('payment-stripe webhook events', () => {
  it('refuses a signed body that is not JSON, or not an event', async () => {
    const notJson = await failure(deliver(signed('{"id": "evt_1", "type": ')));
    expect(notJson.code).toBe('TP_PLUGIN_PAYLOAD_INVALID');
    expect(notJson.message).toMatch(/^TP_PLUGIN_PAYLOAD_INVALID: payment-stripe\.webhook: the body is not JSON/);
    expect(await failure(deliver(signed({ hello: 'world' })))).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'not a Stripe event: it needs an id, a type and data.object' });
    const broken = await failure(deliver(signed(event('payment_intent.succeeded', { id: 'pi_1', currency: 'usd' }))));
    expect(broken).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'payment_intent.succeeded: data.object is not a PaymentIntent (amount: Invalid input: expected number, received undefined)' });
  });

  it('reports a PaymentIntent that succeeded, in major units', async () => {
    expect(await deliver(signed(event('payment_intent.succeeded', intent())))).toEqual([
      { name: 'payment.captured', data: { amount: 5000, currency: 'JPY', paymentIntent: 'pi_3PqB', eventId: 'evt_1PqA2b3C4d5E6f7G' }, caseRef: 'case-7' },
    ]);
  });

  it("reports a Checkout payment once: its PaymentIntent's success is left to the session's event", async () => {
    expect(await deliver(signed(event('payment_intent.succeeded', intent({ metadata: { caseId: 'case-42', touchpointVia: 'checkout' } }))))).toEqual([]);
  });

  it('waits for the money when Checkout completes unpaid (a delayed method), then reports it', async () => {
    expect(await deliver(signed(event('checkout.session.completed', session({ payment_status: 'unpaid' }))))).toEqual([]);
    const later = await deliver(signed(event('checkout.session.async_payment_succeeded', session())));
    expect(later.map((e) => [e.name, e.caseRef])).toEqual([['payment.captured', 'case-42']]);
    const failed = await deliver(signed(event('checkout.session.async_payment_failed', session({ payment_status: 'unpaid' }))));
    expect(failed.map((e) => e.name)).toEqual(['payment.failed']);
  });

  it('reports refunds and failed payments', async () => {
    const charge = { id: 'ch_3PqC', object: 'charge', amount: 12850, amount_refunded: 2850, currency: 'cny', payment_intent: 'pi_3PqA', refunded: false, metadata: { caseId: 'case-42' } };
    expect(await deliver(signed(event('charge.refunded', charge)))).toEqual([
      { name: 'payment.refunded', data: { amount: 28.5, currency: 'CNY', paymentIntent: 'pi_3PqA', charge: 'ch_3PqC', fullyRefunded: false, eventId: 'evt_1PqA2b3C4d5E6f7G' }, caseRef: 'case-42' },
    ]);
    const declined = intent({ status: 'requires_payment_method', amount_received: 0, last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } });
    expect(await deliver(signed(event('payment_intent.payment_failed', declined)))).toEqual([
      {
        name: 'payment.failed',
        data: { amount: 5000, currency: 'JPY', paymentIntent: 'pi_3PqB', eventId: 'evt_1PqA2b3C4d5E6f7G', reason: 'Your card has insufficient funds.', code: 'insufficient_funds' },
        caseRef: 'case-7',
      },
    ]);
  });

  it('produces no event for other types, nor for payments no case asked for', async () => {
    expect(await deliver(signed(event('customer.created', { id: 'cus_1', object: 'customer' })))).toEqual([]);
    const logged: LogEntry[] = [];
    expect(await deliver(signed(event('payment_intent.succeeded', intent({ metadata: {} }))), { logger: (entry) => logged.push(entry) })).toEqual([]);
    expect(logged.map((entry) => entry.message)).toEqual(['stripe event without a Touchpoint case id: ignored']);
  });
});

describe('payment-stripe end to end over HTTP', () => {
  let fake: FakeStripe;
  let receiver: Server;
  let receiverUrl: string;
  const host = createPluginHost({ plugins: [stripe], logger: () => undefined });

  beforeAll(async () => {
    fake = await startFakeStripe(keys);
    // What the server does with a webhook: the raw bytes, lowercased headers, the tenant's connection.
    receiver = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        try {
          const events = await host.handleWebhook({ plugin: 'payment-stripe', trigger: 'webhook', request: { method: 'POST', url: new URL(req.url ?? '/', receiverUrl).href, headers: req.headers, body }, connection: { ...keys, baseUrl: fake.baseUrl } });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(events));
        } catch (error) {
          res.writeHead(isPluginError(error, 'TP_PLUGIN_SIGNATURE_INVALID') ? 401 : isPluginError(error, 'TP_PLUGIN_PAYLOAD_INVALID') ? 400 : 500).end((error as Error).message);
        }
      })();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/webhooks/t-1/payment-stripe/webhook`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('a payment link, paid, reaches the case that asked for it once', async () => {
    const link = await runAction(stripe, 'createPaymentLink', { amount: 128.5, currency: 'CNY', description: 'Rebooking fare difference' }, {
      connection: { ...keys, baseUrl: fake.baseUrl },
      caseId: 'case-99',
      idempotencyKey: 'case-99/collect-payment/1/call',
    });
    const events = fake.pay(link.id);
    const delivered = await Promise.all(events.map((stripeEvent) => fake.deliver(receiverUrl, stripeEvent)));
    expect(delivered.map((answer) => answer.status)).toEqual([200, 200]);
    const caseEvents = delivered.flatMap((answer) => JSON.parse(answer.body) as unknown[]);
    expect(caseEvents).toEqual([
      {
        name: 'payment.captured',
        data: { amount: 128.5, currency: 'CNY', paymentIntent: expect.stringMatching(/^pi_/), checkoutSession: link.id, eventId: expect.stringMatching(/^evt_/) },
        caseRef: 'case-99',
      },
    ]);

    const stale = await fake.deliver(receiverUrl, events[1]!, { timestamp: Math.floor(Date.now() / 1000) - 3_600 });
    expect(stale.status).toBe(401);
    const forged = await fake.deliver(receiverUrl, events[1]!, { secret: 'whsec_attacker' });
    expect(forged).toEqual({ status: 401, body: 'TP_PLUGIN_SIGNATURE_INVALID: payment-stripe.webhook: the webhook signature does not verify' });
  });
});
