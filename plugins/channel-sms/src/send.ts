import { defineAction, PluginError, SendInput } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { Connection, E164, MESSAGING_SERVICE_SID } from './connection.ts';
import { postTwilioForm } from './twilio-api.ts';

/** Twilio's limit for one message body (it splits it into segments itself). */
export const MAX_BODY = 1600;

/** What touchpoint and survey nodes send, with the recipient required and in E.164. */
export const SmsInput = SendInput.extend({
  to: z.string().regex(E164, 'an E.164 phone number, e.g. +8613800000000').describe('The recipient, in E.164.'),
  text: z.string().min(1).max(MAX_BODY).describe('The rendered message.'),
});

export const SmsOutput = z.object({
  sid: z.string().describe('The Message SID (SM…).'),
  status: z.string().describe('Twilio\'s status when accepted: usually "queued" (or "accepted" through a Messaging Service).'),
});

/** The Message resource as Twilio answers a create: only what we keep. */
const Message = z.object({ sid: z.string().min(1), status: z.string().min(1) });

/**
 * Sends one SMS: POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form-encoded To, From or
 * MessagingServiceSid, Body), with the step's idempotency key in `I-Twilio-Idempotency-Token`.
 */
export const send = defineAction({
  connection: Connection,
  input: SmsInput,
  output: SmsOutput,
  editor: {
    label: { 'zh-CN': '发送短信', en: 'Send an SMS' },
    description: { 'zh-CN': '通过 Twilio 向客户手机发送短信。', en: "Send a text message to the customer's phone through Twilio." },
  },
  async run(ctx, input) {
    const { accountSid, from } = ctx.connection;
    const form = new URLSearchParams({ To: input.to, Body: input.text });
    form.set(MESSAGING_SERVICE_SID.test(from) ? 'MessagingServiceSid' : 'From', from);
    const reply = await postTwilioForm(ctx, `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, form, {
      'i-twilio-idempotency-token': ctx.idempotencyKey,
    });
    const message = Message.safeParse(reply);
    if (!message.success) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: 'Twilio accepted the message but its answer has no sid and status' });
    ctx.logger.info('sms accepted', { sid: message.data.sid, status: message.data.status, template: input.template });
    return { sid: message.data.sid, status: message.data.status };
  },
});
