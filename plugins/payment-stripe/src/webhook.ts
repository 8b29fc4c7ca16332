import { bodyJson, defineTrigger, header, PluginError } from '@touchpoint/plugin-sdk';
import { Connection } from './connection.ts';
import { PaymentEvent, paymentEvents, StripeEvent } from './events.ts';
import { anySignatureMatches, parseStripeSignature } from './signature.ts';

/**
 * Stripe's webhook: `Stripe-Signature` checked against the endpoint's signing secret (any `v1`
 * value, constant time), refused when its timestamp is further than `toleranceSeconds` from now
 * (a replay), then the event turned into `payment.captured`, `payment.refunded` or
 * `payment.failed` for the case named in its metadata.
 */
export const webhook = defineTrigger({
  connection: Connection,
  event: PaymentEvent,
  editor: {
    label: { 'zh-CN': 'Stripe 支付通知', en: 'Stripe payment events' },
    description: {
      'zh-CN': '付款成功、退款、付款失败时通知对应案件。',
      en: 'Tells the case when its payment is captured, refunded or fails.',
    },
  },
  verify(request, ctx) {
    const value = header(request, 'stripe-signature');
    if (value === undefined || value === '') throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the request has no Stripe-Signature header' });
    const signature = parseStripeSignature(value);
    if (signature === undefined) throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the Stripe-Signature header has no timestamp or no v1 signature' });
    if (!anySignatureMatches(ctx.connection.webhookSecret, signature, request.body)) return false;
    const skew = Math.floor(ctx.clock.now().getTime() / 1000) - signature.timestamp;
    if (Math.abs(skew) > ctx.connection.toleranceSeconds) {
      throw new PluginError({
        code: 'TP_PLUGIN_SIGNATURE_INVALID',
        detail: `the signature was made ${Math.abs(skew)} s ${skew >= 0 ? 'ago' : 'from now'}, more than the ${ctx.connection.toleranceSeconds} s tolerated: a replay, or a clock out of step`,
      });
    }
    return true;
  },
  parse(request, ctx) {
    const event = StripeEvent.safeParse(bodyJson(request));
    if (!event.success) throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'not a Stripe event: it needs an id, a type and data.object' });
    return paymentEvents(event.data, ctx.logger);
  },
});
