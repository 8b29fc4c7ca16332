import { definePlugin } from '@touchpoint/plugin-sdk';
import { Connection } from './connection.ts';
import { createPaymentIntent } from './payment-intent.ts';
import { createPaymentLink } from './payment-link.ts';
import { refund } from './refund.ts';
import { webhook } from './webhook.ts';

export { decimalsOf, fromMinorUnits, toMinorUnits } from './amount.ts';
export { Connection } from './connection.ts';
export { PaymentEvent } from './events.ts';
export { stripeForm } from './form.ts';
export { PaymentIntentInput, PaymentIntentOutput } from './payment-intent.ts';
export { PaymentLinkInput, PaymentLinkOutput } from './payment-link.ts';
export { RefundInput, RefundOutput } from './refund.ts';
export { parseStripeSignature, stripeSignature } from './signature.ts';

/**
 * Stripe payments: Checkout payment links, PaymentIntents and refunds, each with the step's
 * `Idempotency-Key`; the `webhook` trigger verifies `Stripe-Signature` and tells the case.
 */
export default definePlugin({
  id: 'payment-stripe',
  version: '1.0.0',
  kind: 'payment',
  connection: Connection,
  actions: { createPaymentLink, createPaymentIntent, refund },
  triggers: { webhook },
  editor: {
    icon: 'credit-card',
    label: { 'zh-CN': 'Stripe 支付', en: 'Stripe payments' },
    description: {
      'zh-CN': '创建支付链接、支付意向与退款；通过 Webhook 接收付款结果。',
      en: 'Payment links, payment intents and refunds; payment results through a webhook.',
    },
  },
});
