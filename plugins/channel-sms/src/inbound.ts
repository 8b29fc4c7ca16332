import { bodyText, defineTrigger, header, PluginError, type TriggerEventInput, type WebhookRequest } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { Connection } from './connection.ts';
import { verifyTwilioSignature } from './signature.ts';

/** A reply that is only a number from 0 to 10 (after NFKC, so full-width ５ counts): a survey score. */
const SCORE = /^(?:10|[0-9])$/;

/** The `data` of the events this trigger produces: a message, or a score. */
export const InboundEvent = z.union([
  z.strictObject({
    text: z.string(),
    messageSid: z.string(),
    from: z.string(),
  }),
  z.strictObject({ score: z.number().int().min(0).max(10) }),
]);

/**
 * An incoming SMS, as Twilio posts it (form-encoded From, To, Body, MessageSid, …), verified with
 * `X-Twilio-Signature` and turned into case events:
 *
 * - always `customer.message` `{ text, messageSid, from }`, with `customerRef` = From and
 *   `start: true` (a new request opens a case);
 * - also `survey.answered` `{ score }` when the whole body is an integer from 0 to 10.
 *
 * Whether "5" is a score or a message depends on the case, which only the server knows: it delivers
 * the score when the customer's open case waits for one, else the message.
 */
export const inbound = defineTrigger({
  connection: Connection,
  event: InboundEvent,
  editor: {
    label: { 'zh-CN': '收到短信', en: 'SMS received' },
    description: {
      'zh-CN': '客户回复或发送短信；纯数字 0–10 的回复同时作为满意度评分。',
      en: 'A customer texts in; a reply that is just a number from 0 to 10 is also a survey score.',
    },
  },
  verify(request, ctx) {
    const signature = header(request, 'x-twilio-signature');
    if (signature === undefined || signature === '') {
      throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the request has no X-Twilio-Signature header' });
    }
    const url = ctx.connection.webhookUrl ?? request.url;
    return verifyTwilioSignature({ authToken: ctx.connection.authToken, url, params: formParams(request), signature });
  },
  parse(request) {
    const params = formParams(request);
    const from = params.get('From');
    const messageSid = params.get('MessageSid') ?? params.get('SmsMessageSid');
    const text = params.get('Body');
    if (!from || !messageSid || text === null) {
      const missing = [!from && 'From', !messageSid && 'MessageSid', text === null && 'Body'].filter(Boolean).join(', ');
      throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: `not a Twilio incoming message: ${missing} missing` });
    }
    const events: TriggerEventInput[] = [{ name: 'customer.message', data: { text, messageSid, from }, customerRef: from, start: true }];
    const answer = text.normalize('NFKC').trim();
    if (SCORE.test(answer)) events.push({ name: 'survey.answered', data: { score: Number(answer) }, customerRef: from });
    return events;
  },
});

/** The form-encoded body; another content type is not what Twilio sends for messages. */
function formParams(request: WebhookRequest): URLSearchParams {
  const type = header(request, 'content-type');
  if (type !== undefined && !/^application\/x-www-form-urlencoded\b/i.test(type.trim())) {
    throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: `expected an application/x-www-form-urlencoded body, got ${type}` });
  }
  return new URLSearchParams(bodyText(request));
}
