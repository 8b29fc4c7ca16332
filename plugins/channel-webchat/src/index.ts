import { defineAction, definePlugin, defineTrigger, PluginError, SendInput } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { visitorOf } from './address.ts';
import { webchatOutbox } from './outbox.ts';

export { ADDRESS_PREFIX, addressOf, visitorOf } from './address.ts';
export { WIDGET_PATH, widgetSource } from './widget.ts';
export { WebchatOutbox, webchatOutbox, type WebchatListener, type WebchatMessage, type WebchatOutboxOptions, type WebchatSource } from './outbox.ts';

/** Nothing to enter: visitors reach Touchpoint directly, and sessions are signed with the server's key. */
export const WebchatConnection = z.object({});

export const WebchatSendOutput = z.object({
  messageId: z.string().describe('The SSE event id the visitor receives it under'),
  live: z.boolean().describe('Whether the visitor had the chat open; if not, they get it when they come back (the last 50 are kept)'),
});

/** Hands the message to the visitor's open chat (SSE), and keeps it for when they reconnect. */
const send = defineAction({
  connection: WebchatConnection,
  input: SendInput,
  output: WebchatSendOutput,
  editor: {
    label: { 'zh-CN': '发送网页聊天消息', en: 'Send a web chat message' },
    description: { 'zh-CN': '把消息推送到访客在网站上打开的聊天窗口。', en: "Pushes the message to the chat the visitor has open on the website." },
  },
  async run(ctx, input) {
    const visitorId = visitorOf(input.to);
    const { message, live } = webchatOutbox.publish(ctx.tenantId, visitorId, { text: input.text, template: input.template });
    ctx.logger.info('webchat message queued', { messageId: message.id, live: live > 0 });
    return { messageId: String(message.id), live: live > 0 };
  },
});

/**
 * Declared so blueprints can name `channel-webchat` / `inbound` as a trigger. Visitor messages
 * arrive through the server's own endpoint (POST /api/v1/webchat/{tenant}/messages), never as a
 * webhook: a webhook to this trigger is always refused.
 */
const inbound = defineTrigger({
  connection: WebchatConnection,
  event: z.object({ text: z.string() }),
  verify: () => false,
  parse: () => {
    throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'web chat messages arrive through /api/v1/webchat, not webhooks' });
  },
});

export default definePlugin({
  id: 'channel-webchat',
  version: '1.0.0',
  kind: 'channel',
  connection: WebchatConnection,
  actions: { send },
  triggers: { inbound },
  editor: {
    icon: 'message-circle',
    label: { 'zh-CN': '网页聊天', en: 'Web chat' },
    description: {
      'zh-CN': '在您的网站上嵌入聊天窗口：访客的消息直接开启服务案例，回复实时推送给访客。',
      en: 'A chat on your website: visitor messages open cases, replies are pushed to the visitor live.',
    },
  },
});
