import { PluginError, type PluginLogger, type TriggerEventInput } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { fromMinorUnits } from './amount.ts';
import { CASE_ID, CHECKOUT, VIA } from './metadata.ts';

/** A Stripe event (https://docs.stripe.com/api/events/object): only what is read here. */
export const StripeEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.output<typeof StripeEvent>;

const Metadata = z.record(z.string(), z.string()).nullish();

const Session = z.object({
  id: z.string(),
  payment_status: z.string(),
  amount_total: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  metadata: Metadata,
});

const Intent = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_received: z.number().int().nullish(),
  currency: z.string(),
  metadata: Metadata,
  last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

const Charge = z.object({
  id: z.string(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullish(),
  refunded: z.boolean(),
  metadata: Metadata,
});

/** The `data` of the events the webhook produces. */
export const PaymentEvent = z.union([
  z.strictObject({
    amount: z.number().describe('In major units.'),
    currency: z.string().describe('ISO 4217, upper case.'),
    paymentIntent: z.string().optional(),
    checkoutSession: z.string().optional(),
    eventId: z.string().describe('The Stripe event (evt_…).'),
  }),
  z.strictObject({
    amount: z.number().describe('Refunded so far, in major units.'),
    currency: z.string(),
    paymentIntent: z.string().optional(),
    charge: z.string(),
    fullyRefunded: z.boolean(),
    eventId: z.string(),
  }),
  z.strictObject({
    amount: z.number(),
    currency: z.string(),
    paymentIntent: z.string().optional(),
    checkoutSession: z.string().optional(),
    eventId: z.string(),
    reason: z.string().optional(),
    code: z.string().optional(),
  }),
]);

/**
 * A verified Stripe event as case events, routed by the case id the actions put in `metadata`:
 *
 * - `checkout.session.completed` (paid) and `checkout.session.async_payment_succeeded`,
 *   `payment_intent.succeeded` → `payment.captured`;
 * - `charge.refunded` → `payment.refunded`;
 * - `payment_intent.payment_failed`, `checkout.session.async_payment_failed` → `payment.failed`;
 * - anything else, and payments Touchpoint did not ask for (no case id), → no event.
 *
 * A Checkout payment succeeds twice over (its session and its PaymentIntent); only the session's
 * event counts, so that the case hears of it once.
 */
export function paymentEvents(event: StripeEvent, logger: PluginLogger): TriggerEventInput[] {
  const { type, id: eventId } = event;
  const object = event.data.object;
  const routed = (caseId: string | null | undefined, name: string, data: Record<string, unknown>): TriggerEventInput[] => {
    if (!caseId) {
      logger.info('stripe event without a Touchpoint case id: ignored', { eventId, type });
      return [];
    }
    return [{ name, data, caseRef: caseId }];
  };

  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed': {
      const session = read(Session, object, type, 'Checkout Session');
      const caseId = session.metadata?.[CASE_ID] ?? session.client_reference_id;
      const money = { amount: fromMinorUnits(session.amount_total, session.currency), currency: session.currency.toUpperCase() };
      const refs = { ...(session.payment_intent ? { paymentIntent: session.payment_intent } : {}), checkoutSession: session.id, eventId };
      if (type === 'checkout.session.async_payment_failed') return routed(caseId, 'payment.failed', { ...money, ...refs });
      // A delayed payment method (a bank transfer) completes the session unpaid; its success comes later.
      if (session.payment_status !== 'paid') return [];
      return routed(caseId, 'payment.captured', { ...money, ...refs });
    }
    case 'payment_intent.succeeded': {
      const intent = read(Intent, object, type, 'PaymentIntent');
      if (intent.metadata?.[VIA] === CHECKOUT) return [];
      const amount = fromMinorUnits(intent.amount_received ?? intent.amount, intent.currency);
      return routed(intent.metadata?.[CASE_ID], 'payment.captured', { amount, currency: intent.currency.toUpperCase(), paymentIntent: intent.id, eventId });
    }
    case 'payment_intent.payment_failed': {
      const intent = read(Intent, object, type, 'PaymentIntent');
      const error = intent.last_payment_error;
      const code = error?.decline_code ?? error?.code;
      return routed(intent.metadata?.[CASE_ID], 'payment.failed', {
        amount: fromMinorUnits(intent.amount, intent.currency),
        currency: intent.currency.toUpperCase(),
        paymentIntent: intent.id,
        eventId,
        ...(error?.message ? { reason: error.message } : {}),
        ...(code ? { code } : {}),
      });
    }
    case 'charge.refunded': {
      const charge = read(Charge, object, type, 'Charge');
      return routed(charge.metadata?.[CASE_ID], 'payment.refunded', {
        amount: fromMinorUnits(charge.amount_refunded, charge.currency),
        currency: charge.currency.toUpperCase(),
        ...(charge.payment_intent ? { paymentIntent: charge.payment_intent } : {}),
        charge: charge.id,
        fullyRefunded: charge.refunded,
        eventId,
      });
    }
    default:
      return [];
  }
}

function read<T>(schema: z.ZodType<T>, object: unknown, type: string, what: string): T {
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new PluginError({
    code: 'TP_PLUGIN_PAYLOAD_INVALID',
    detail: `${type}: data.object is not a ${what}${issue === undefined ? '' : ` (${issue.path.join('.') || 'object'}: ${issue.message})`}`,
  });
}
