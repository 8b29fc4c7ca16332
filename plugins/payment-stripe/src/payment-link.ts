import { defineAction, PluginError } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { Connection } from './connection.ts';
import { CASE_ID, CHECKOUT, VIA } from './metadata.ts';
import { Amount, Currency, exactAmount, minorOf } from './money.ts';
import { postStripe } from './stripe-api.ts';

export const PaymentLinkInput = z
  .object({
    amount: Amount,
    currency: Currency,
    description: z.string().min(1).max(500).optional().describe('Shown to the customer on the payment page.'),
  })
  .superRefine(exactAmount);

export const PaymentLinkOutput = z.object({
  id: z.string().describe('The Checkout Session id (cs_…).'),
  url: z.url().describe('The payment page to send the customer.'),
  paymentIntent: z.string().optional().describe('The PaymentIntent (pi_…), when Stripe has made it already.'),
  expiresAt: z.iso.datetime().optional().describe('When the payment page stops working.'),
});

const CheckoutSession = z.object({
  id: z.string().min(1),
  url: z.url(),
  payment_intent: z.string().nullish(),
  expires_at: z.number().int().nullish(),
});

/**
 * A payment page for an amount: a Checkout Session in `payment` mode with one line item, the case
 * id in its metadata (and in its PaymentIntent's), so that the `payment.captured` the webhook
 * reports finds the case.
 */
export const createPaymentLink = defineAction({
  connection: Connection,
  input: PaymentLinkInput,
  output: PaymentLinkOutput,
  editor: {
    label: { 'zh-CN': '创建支付链接', en: 'Create a payment link' },
    description: { 'zh-CN': '生成 Stripe 收银台支付链接，付款成功后案件收到 payment.captured。', en: 'A Stripe Checkout page; the case gets payment.captured when it is paid.' },
  },
  async run(ctx, input) {
    const currency = input.currency.toLowerCase();
    const metadata = { [CASE_ID]: ctx.caseId };
    const reply = await postStripe(ctx, '/v1/checkout/sessions', {
      mode: 'payment',
      line_items: [
        {
          price_data: { currency, unit_amount: minorOf(input.amount, currency), product_data: { name: input.description ?? 'Payment' } },
          quantity: 1,
        },
      ],
      success_url: ctx.connection.successUrl,
      cancel_url: ctx.connection.cancelUrl,
      client_reference_id: ctx.caseId,
      metadata,
      payment_intent_data: { description: input.description, metadata: { ...metadata, [VIA]: CHECKOUT } },
    });
    const session = CheckoutSession.safeParse(reply);
    if (!session.success) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: 'Stripe created the Checkout Session but its answer has no id and url' });
    const { id, url, payment_intent, expires_at } = session.data;
    ctx.logger.info('checkout session created', { id });
    return {
      id,
      url,
      ...(payment_intent ? { paymentIntent: payment_intent } : {}),
      ...(expires_at ? { expiresAt: new Date(expires_at * 1000).toISOString() } : {}),
    };
  },
});
