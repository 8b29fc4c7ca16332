import { defineAction, PluginError } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { fromMinorUnits } from './amount.ts';
import { Connection } from './connection.ts';
import { CASE_ID } from './metadata.ts';
import { Amount, Currency, exactAmount, minorOf } from './money.ts';
import { postStripe } from './stripe-api.ts';

export const RefundInput = z
  .object({
    paymentIntent: z.string().regex(/^pi_[A-Za-z0-9_]+$/, 'a PaymentIntent id, pi_…').describe('The payment to refund (pi_…).'),
    amount: Amount.optional().describe('Part of the payment to refund, in major units; the whole payment when left out.'),
    currency: Currency.optional().describe("The payment's currency; required with amount (to convert it)."),
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.amount !== undefined && value.currency === undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with amount' });
    exactAmount(value, ctx);
  });

export const RefundOutput = z.object({
  id: z.string().describe('The Refund id (re_…).'),
  status: z.string().describe('pending, requires_action, succeeded, failed or canceled.'),
  amount: z.number().optional().describe('Refunded, in major units.'),
  currency: z.string().optional(),
});

const Refund = z.object({ id: z.string().min(1), status: z.string().min(1), amount: z.number().int().optional(), currency: z.string().optional() });

/** Refunds a payment, in full or in part. */
export const refund = defineAction({
  connection: Connection,
  input: RefundInput,
  output: RefundOutput,
  editor: {
    label: { 'zh-CN': '退款', en: 'Refund' },
    description: { 'zh-CN': '全额或部分退还一笔付款。', en: 'Refund a payment in full or in part.' },
  },
  async run(ctx, input) {
    const reply = await postStripe(ctx, '/v1/refunds', {
      payment_intent: input.paymentIntent,
      amount: input.amount === undefined || input.currency === undefined ? undefined : minorOf(input.amount, input.currency),
      reason: input.reason,
      metadata: { [CASE_ID]: ctx.caseId },
    });
    const made = Refund.safeParse(reply);
    if (!made.success) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: 'Stripe created the refund but its answer has no id and status' });
    const { id, status, amount, currency } = made.data;
    ctx.logger.info('refund created', { id, status });
    return {
      id,
      status,
      ...(amount !== undefined && currency !== undefined ? { amount: fromMinorUnits(amount, currency), currency: currency.toUpperCase() } : {}),
    };
  },
});
