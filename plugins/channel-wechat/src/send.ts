import { createHash } from 'node:crypto';
import { defineAction, PluginError, SendInput } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { callWeChat } from './api.ts';
import { WeChatConnection } from './connection.ts';

/** `send`: a customer-service text message (客服消息) to an openid, as touchpoint and survey nodes send. */
export const send = defineAction({
  connection: WeChatConnection,
  input: SendInput.extend({
    to: z.string().min(1).max(128).optional().describe("The customer's openid"),
    text: z.string().min(1).describe('The rendered message'),
  }),
  output: z.object({ sent: z.literal(true), msgtype: z.literal('text') }),
  editor: {
    label: { 'zh-CN': '发送客服消息', en: 'Send a customer-service message' },
    description: {
      'zh-CN': '向粉丝发送文本客服消息。仅在粉丝最近48小时内与公众号互动过时可用，否则请用模板消息。',
      en: 'Sends a text customer-service message to a follower. WeChat only allows it within 48 hours of their last interaction; use a template message otherwise.',
    },
  },
  async run(ctx, input) {
    if (input.to === undefined) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: 'no openid to send to (the customer has no WeChat address)' });
    await callWeChat(ctx, '/cgi-bin/message/custom/send', { touser: input.to, msgtype: 'text', text: { content: input.text } });
    ctx.logger.info('wechat message sent', { template: input.template, attempt: ctx.attempt });
    return { sent: true as const, msgtype: 'text' as const };
  },
});

export const TemplateInput = z.object({
  to: z.string().min(1).max(128).describe("The customer's openid"),
  templateId: z.string().min(1).max(128).optional().describe("The template (模板ID); defaults to the connection's templateId"),
  data: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a template field is a name like "thing1" or "keyword2"'),
      z.object({
        value: z.string().max(1000),
        color: z.string().regex(/^#[0-9A-Fa-f]{6}$/).optional(),
      }),
    )
    .describe('The template fields: { "thing1": { "value": "…" } }'),
  url: z.url({ protocol: /^https?$/ }).optional().describe('Where tapping the message leads'),
});

/** A stable `client_msg_id` for WeChat's duplicate guard (one message per openid and id, for 10 minutes). */
export function clientMsgId(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

/** `sendTemplate`: a template message (模板消息), which reaches followers outside the 48-hour window. */
export const sendTemplate = defineAction({
  connection: WeChatConnection,
  input: TemplateInput,
  output: z.object({ msgid: z.string() }),
  editor: {
    label: { 'zh-CN': '发送模板消息', en: 'Send a template message' },
    description: {
      'zh-CN': '用已审核的模板给粉丝发送通知（如订单状态、改签结果），不受48小时限制。',
      en: 'Notifies a follower with an approved template (order status, rebooking result); not limited to 48 hours.',
    },
  },
  async run(ctx, input) {
    const templateId = input.templateId ?? ctx.connection.templateId;
    if (templateId === undefined) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: 'no template id: give templateId, or set one in the connection' });
    const reply = await callWeChat(ctx, '/cgi-bin/message/template/send', {
      touser: input.to,
      template_id: templateId,
      ...(input.url === undefined ? {} : { url: input.url }),
      data: input.data,
      client_msg_id: clientMsgId(ctx.idempotencyKey),
    });
    const msgid = reply.msgid;
    if (typeof msgid !== 'number' && typeof msgid !== 'string') throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: 'WeChat accepted the template message but answered no msgid' });
    ctx.logger.info('wechat template message sent', { msgid: String(msgid), templateId });
    return { msgid: String(msgid) };
  },
});
