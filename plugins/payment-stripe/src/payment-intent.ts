import { defineAction, PluginError } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { Connection } from './connection.ts';
import { CASE_ID } from './metadata.ts';
import { Amount, Currency, exactAmount, minorOf } from './money.ts';
import { postStripe } from './stripe-api.ts';

export const PaymentIntentInput = z
  .object({
    amount: Amount,
    currency: Currency,
    description: z.string().min(1).max(1000).optional(),
    customer: z.string().regex(/^cus_[A-Za-z0-9]+$/, 'a Stripe customer id, cus_…').optional().describe('An existing Stripe customer (cus_…).'),
  })
  .superRefine(exactAmount);

export const PaymentIntentOutput = z.object({
  id: z.string().describe('The PaymentIntent id (pi_…).'),
  status: z.string().describe('Usually requires_payment_method.'),
  clientSecret: z.string().describe('For Stripe.js or a mobile SDK to collect the payment.'),
});

const PaymentIntent = z.object({ id: z.string().min(1), status: z.string().min(1), client_secret: z.string().min(1) });

/** A PaymentIntent for an amount, for an app or web page that collects the payment with Stripe.js. */
export const createPaymentIntent = defineAction({
  connection: Connection,
  input: PaymentIntentInput,
  output: PaymentIntentOutput,
  editor: {
    label: { 'zh-CN': '创建支付意向', en: 'Create a payment intent' },
    description: { 'zh-CN': '供 App 或网页用 Stripe.js 收款；成功后案件收到 payment.captured。', en: 'For an app or page that collects with Stripe.js; the case gets payment.captured.' },
  },
  async run(ctx, input) {
    const currency = input.currency.toLowerCase();
    const reply = await postStripe(ctx, '/v1/payment_intents', {
      amount: minorOf(input.amount, currency),
      currency,
      description: input.description,
      customer: input.customer,
      automatic_payment_methods: { enabled: true },
      metadata: { [CASE_ID]: ctx.caseId },
    });
    const intent = PaymentIntent.safeParse(reply);
    if (!intent.success) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: 'Stripe created the PaymentIntent but its answer has no id, status and client_secret' });
    ctx.logger.info('payment intent created', { id: intent.data.id, status: intent.data.status });
    return { id: intent.data.id, status: intent.data.status, clientSecret: intent.data.client_secret };
  },
});
