import { createPluginHost, PluginError, runAction } from '@touchpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stripe from '../src/index.ts';
import { decode, startFakeStripe, type FakeStripe } from './fake-stripe.ts';

const keys = { secretKey: 'sk_test_51Touchpoint0123456789abcdef', webhookSecret: 'whsec_test0123456789abcdefghijklmnop' };

let fake: FakeStripe;
const connection = (extra: Record<string, unknown> = {}) => ({
  ...keys,
  baseUrl: fake.baseUrl,
  successUrl: 'https://rebooking.example.cn/paid?session={CHECKOUT_SESSION_ID}',
  cancelUrl: 'https://rebooking.example.cn/cancelled',
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeStripe(keys);
});
afterAll(() => fake.close());

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

const link = { amount: 128.5, currency: 'CNY', description: 'Rebooking fare difference' };

describe('payment-stripe createPaymentLink', () => {
  it('creates a Checkout Session with the amount in fen, the case id in metadata and the idempotency key', async () => {
    const output = await runAction(stripe, 'createPaymentLink', link, { connection: connection(), caseId: 'case-42', idempotencyKey: 'case-42/collect-payment/1/call' });
    expect(output).toEqual({
      id: expect.stringMatching(/^cs_test_/),
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const request = fake.received.at(-1)!;
    expect(request.path).toBe('/v1/checkout/sessions');
    expect(request.headers.authorization).toBe(`Bearer ${keys.secretKey}`);
    expect(request.headers['idempotency-key']).toBe('case-42/collect-payment/1/call');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = request.form;
    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][currency]')).toBe('cny');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('12850');
    expect(form.get('line_items[0][price_data][product_data][name]')).toBe('Rebooking fare difference');
    expect(form.get('line_items[0][quantity]')).toBe('1');
    expect(form.get('success_url')).toBe('https://rebooking.example.cn/paid?session={CHECKOUT_SESSION_ID}');
    expect(form.get('cancel_url')).toBe('https://rebooking.example.cn/cancelled');
    expect(form.get('client_reference_id')).toBe('case-42');
    expect(form.get('metadata[caseId]')).toBe('case-42');
    expect(form.get('payment_intent_data[metadata][caseId]')).toBe('case-42');
    expect(form.get('payment_intent_data[description]')).toBe('Rebooking fare difference');
    expect(decode(form)).toMatchObject({ metadata: { caseId: 'case-42' }, line_items: [{ price_data: { unit_amount: '12850' }, quantity: '1' }] });
    expect(fake.sessions.get(output.id)).toMatchObject({ amount_total: 12850, currency: 'cny', metadata: { caseId: 'case-42' } });
  });

  it('creates one session for a step retried with the same idempotency key', async () => {
    const options = { connection: connection(), caseId: 'case-43', idempotencyKey: 'case-43/collect-payment/1/call' };
    const before = fake.sessions.size;
    const first = await runAction(stripe, 'createPaymentLink', link, { ...options, attempt: 1 });
    const second = await runAction(stripe, 'createPaymentLink', link, { ...options, attempt: 2 });
    expect(second).toEqual(first);
    expect(fake.sessions.size).toBe(before + 1);
    const [a, b] = fake.received.slice(-2);
    expect(a!.headers['idempotency-key']).toBe(b!.headers['idempotency-key']);

    // The same key with other parameters is Stripe's idempotency_error, not a second session.
    const other = await failure(runAction(stripe, 'createPaymentLink', { ...link, amount: 99 }, options));
    expect(other).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 400 });
    expect(other.message).toContain('idempotency_error: Keys for idempotent requests can only be used with the same parameters');
    expect(fake.sessions.size).toBe(before + 1);
  });

  it('converts amounts to the smallest unit of each currency', async () => {
    const unit = async (amount: number, currency: string) => {
      await runAction(stripe, 'createPaymentLink', { amount, currency }, { connection: connection(), idempotencyKey: `units-${amount}-${currency}` });
      return fake.received.at(-1)!.form.get('line_items[0][price_data][unit_amount]');
    };
    expect(await unit(19.99, 'USD')).toBe('1999');
    expect(await unit(0.29, 'cny')).toBe('29');
    expect(await unit(5000, 'JPY')).toBe('5000');
    expect(await unit(12.34, 'KWD')).toBe('12340');
    expect(fake.received.at(-1)!.form.get('line_items[0][price_data][product_data][name]')).toBe('Payment');
  });

  it('refuses amounts the currency cannot carry, and non-positive ones, before calling Stripe', async () => {
    const before = fake.received.length;
    for (const [amount, currency, message] of [
      [12.345, 'CNY', 'CNY has 2 decimal places; 12.345 has more'],
      [99.5, 'JPY', 'JPY has 0 decimal places; 99.5 has more'],
      [1.005, 'BHD', 'Stripe charges BHD in multiples of 0.01; 1.005 is not one'],
    ] as const) {
      const error = await failure(runAction(stripe, 'createPaymentLink', { amount, currency }, { connection: connection() }));
      expect(error).toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID', problems: [{ path: 'amount', message }] });
    }
    expect((await failure(runAction(stripe, 'createPaymentLink', { amount: 0, currency: 'CNY' }, { connection: connection() }))).code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect((await failure(runAction(stripe, 'createPaymentLink', { amount: 1, currency: 'RMB元' }, { connection: connection() }))).code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect(fake.received.length).toBe(before);
  });

  it('leaves out the redirect URLs the connection does not set', async () => {
    await runAction(stripe, 'createPaymentLink', link, { connection: connection({ successUrl: undefined, cancelUrl: undefined }), idempotencyKey: 'no-urls' });
    const form = fake.received.at(-1)!.form;
    expect(form.has('success_url')).toBe(false);
    expect(form.has('cancel_url')).toBe(false);
  });

  it('refuses a wrong secret key with a 401 that does not repeat it', async () => {
    const error = await failure(runAction(stripe, 'createPaymentLink', link, { connection: connection({ secretKey: 'sk_test_wrongwrongwrong1234' }) }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 401 });
    expect(error.message).toContain('invalid_request_error: Invalid API Key provided');
    expect(error.message).not.toContain('sk_test_wrongwrongwrong1234');
  });
});

describe('payment-stripe createPaymentIntent and refund', () => {
  it('creates a PaymentIntent and returns its client secret', async () => {
    const output = await runAction(stripe, 'createPaymentIntent', { amount: 2500, currency: 'JPY', description: 'Seat upgrade', customer: 'cus_Q1w2e3r4' }, { connection: connection(), caseId: 'case-7', idempotencyKey: 'case-7/pi/1/call' });
    expect(output).toEqual({ id: expect.stringMatching(/^pi_/), status: 'requires_payment_method', clientSecret: expect.stringMatching(/^pi_\w+_secret_\w+$/) });
    const request = fake.received.at(-1)!;
    expect(request.path).toBe('/v1/payment_intents');
    expect(request.headers['idempotency-key']).toBe('case-7/pi/1/call');
    expect(Object.fromEntries(request.form)).toEqual({
      amount: '2500',
      currency: 'jpy',
      description: 'Seat upgrade',
      customer: 'cus_Q1w2e3r4',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[caseId]': 'case-7',
    });
  });

  it('refunds a captured payment in part, in major units', async () => {
    const created = await runAction(stripe, 'createPaymentLink', link, { connection: connection(), caseId: 'case-8', idempotencyKey: 'case-8/link' });
    fake.pay(created.id);
    const paymentIntent = fake.sessions.get(created.id)!.payment_intent as string;
    const output = await runAction(stripe, 'refund', { paymentIntent, amount: 28.5, currency: 'CNY', reason: 'requested_by_customer' }, { connection: connection(), caseId: 'case-8', idempotencyKey: 'case-8/refund/1/call' });
    expect(output).toEqual({ id: expect.stringMatching(/^re_/), status: 'succeeded', amount: 28.5, currency: 'CNY' });
    expect(Object.fromEntries(fake.received.at(-1)!.form)).toEqual({ payment_intent: paymentIntent, amount: '2850', reason: 'requested_by_customer', 'metadata[caseId]': 'case-8' });

    const whole = await runAction(stripe, 'refund', { paymentIntent }, { connection: connection(), idempotencyKey: 'case-8/refund/2/call' });
    expect(whole.amount).toBe(128.5);
    expect(fake.received.at(-1)!.form.has('amount')).toBe(false);
  });

  it('needs the currency to convert a partial refund', async () => {
    const error = await failure(runAction(stripe, 'refund', { paymentIntent: 'pi_123', amount: 5 }, { connection: connection() }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID', problems: [{ path: 'currency', message: 'is required with amount' }] });
  });

  it("reports a card error with Stripe's message", async () => {
    fake.answerNext({
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
          charge: 'ch_3Pdeclined',
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
          payment_intent: { id: 'pi_3Pdeclined', object: 'payment_intent', amount: 12850, currency: 'cny', status: 'requires_payment_method', last_payment_error: { code: 'card_declined', message: 'Your card has insufficient funds.' }, description: 'x'.repeat(400) },
        },
      },
    });
    const error = await failure(runAction(stripe, 'createPaymentIntent', { amount: 128.5, currency: 'CNY' }, { connection: connection(), caseId: 'case-9', idempotencyKey: 'case-9/pi' }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 402, plugin: 'payment-stripe', action: 'createPaymentIntent', caseId: 'case-9' });
    expect(error.message).toMatch(
      new RegExp(`^TP_PLUGIN_FAILED: payment-stripe\\.createPaymentIntent for case case-9: TP_PLUGIN_HTTP: POST ${fake.baseUrl}/v1/payment_intents answered 402: card_error \\(card_declined, insufficient_funds\\): Your card has insufficient funds\\. \\(request req_[0-9a-f]+\\)$`),
    );
  });

  it('says how long to wait after a 429, and a retry with the same key then succeeds', async () => {
    fake.answerNext({ status: 429, headers: { 'retry-after': '2', 'stripe-should-retry': 'true' }, body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } } });
    const options = { connection: connection(), idempotencyKey: 'case-10/pi' };
    const error = await failure(runAction(stripe, 'createPaymentIntent', { amount: 10, currency: 'USD' }, options));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 429 });
    expect(error.message).toMatch(/answered 429: invalid_request_error \(rate_limit\): Too many requests hit the API too quickly\.; retry after 2 s; Stripe says to retry \(request req_\w+\)$/);
    // The rate limiter runs before Stripe's idempotency layer: nothing was saved under the key.
    expect((await runAction(stripe, 'createPaymentIntent', { amount: 10, currency: 'USD' }, options)).status).toBe('requires_payment_method');
  });

  it('reports a 500, which Stripe replays for the same key (a new step visit gets a new key)', async () => {
    fake.answerNext({ status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } });
    const options = { connection: connection(), idempotencyKey: 'case-11/pi/1/call' };
    const first = await failure(runAction(stripe, 'createPaymentIntent', { amount: 10, currency: 'USD' }, options));
    expect(first).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 500 });
    expect(first.message).toContain('answered 500: api_error: An unknown error occurred');
    const again = await failure(runAction(stripe, 'createPaymentIntent', { amount: 10, currency: 'USD' }, { ...options, attempt: 2 }));
    expect(again.status).toBe(500);
    expect(fake.received.at(-1)!.headers['idempotency-key']).toBe('case-11/pi/1/call');
    expect((await runAction(stripe, 'createPaymentIntent', { amount: 10, currency: 'USD' }, { ...options, idempotencyKey: 'case-11/pi/2/call' })).status).toBe('requires_payment_method');
  });

  it('shortens an idempotency key longer than Stripe takes, stably', async () => {
    const long = `case-12/${'n'.repeat(300)}/1/call`;
    await runAction(stripe, 'createPaymentIntent', { amount: 1, currency: 'USD' }, { connection: connection(), idempotencyKey: long });
    const sent = fake.received.at(-1)!.headers['idempotency-key'] as string;
    expect(sent).toMatch(/^tp-sha256-[0-9a-f]{64}$/);
    await runAction(stripe, 'createPaymentIntent', { amount: 1, currency: 'USD' }, { connection: connection(), idempotencyKey: long });
    expect(fake.received.at(-1)!.headers['idempotency-key']).toBe(sent);
  });

  it('runs through the plugin host the runtime uses', async () => {
    const host = createPluginHost({ plugins: [stripe], connections: async () => connection(), logger: () => undefined });
    const output = await host.invoke({
      tenantId: 't-1',
      caseId: 'case-13',
      nodeId: 'collect-payment',
      plugin: 'payment-stripe',
      action: 'createPaymentLink',
      input: { amount: 56, currency: 'CNY', description: 'Rebooking fare difference' },
      idempotencyKey: 'case-13/collect-payment/1/call',
      attempt: 1,
      signal: new AbortController().signal,
    });
    expect(output).toMatchObject({ id: expect.stringMatching(/^cs_test_/), url: expect.any(String) });
  });
});
