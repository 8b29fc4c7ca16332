import { bodyJson, defineTrigger, formatProblems, header, PluginError, TriggerEvent, type Problem } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { WebhookConnection } from './connection.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.ts';

/** What the tenant's system POSTs to Touchpoint: one named event. Unknown fields are refused, so a typo is not lost silently. */
export const InboundPayload = z.strictObject({
  event: TriggerEvent.shape.name.describe('A lowercase event name, e.g. "customer.message" or "order.shipped"'),
  data: z.record(z.string(), z.unknown()).optional().describe('The event data, an object'),
  caseRef: z.string().min(1).max(200).optional().describe('Your id for the conversation or case'),
  customerRef: z.string().min(1).max(200).optional().describe('Your id for the customer: an email, a phone number'),
  start: z.boolean().optional().describe('Start a case when none matches'),
});
export type InboundPayload = z.output<typeof InboundPayload>;

/**
 * Inbound webhooks from the tenant's own system, signed like the outbound ones with the inbound
 * secret. Refusals are `TP_PLUGIN_SIGNATURE_INVALID` saying why (missing, malformed, mismatch,
 * too old, too far in the future). Replays inside the tolerance carry the same body, hence the
 * same `ctx.idempotencyKey`: the server drops them. The body size limit is the server's.
 */
export const inbound = defineTrigger({
  connection: WebhookConnection,
  editor: {
    label: { 'zh-CN': '收到 Webhook 事件', en: 'Webhook event received' },
    description: {
      'zh-CN': '您的系统用签名的 POST 请求通知 Touchpoint（如客户消息、订单状态），可开始或推进工单。',
      en: 'Your system notifies Touchpoint with a signed POST (a customer message, an order update), which starts or moves a case.',
    },
  },
  verify(request, ctx) {
    const verification = verifySignature({
      secret: ctx.connection.inboundSecret,
      timestamp: header(request, TIMESTAMP_HEADER),
      signature: header(request, SIGNATURE_HEADER),
      body: request.body,
      now: ctx.clock.now(),
      toleranceSeconds: ctx.connection.toleranceSeconds,
    });
    if (verification.ok) return true;
    ctx.logger.warn('inbound webhook refused', { reason: verification.reason });
    throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: verification.detail });
  },
  parse(request) {
    const parsed = InboundPayload.safeParse(bodyJson(request));
    if (!parsed.success) {
      const problems: Problem[] = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
      throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', problems, detail: `not a Touchpoint webhook event: ${formatProblems(problems)}` });
    }
    const { event, data, caseRef, customerRef, start } = parsed.data;
    return {
      name: event,
      data: data ?? {},
      ...(caseRef === undefined ? {} : { caseRef }),
      ...(customerRef === undefined ? {} : { customerRef }),
      ...(start === undefined ? {} : { start }),
    };
  },
});
