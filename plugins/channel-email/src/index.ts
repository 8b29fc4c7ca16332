import { definePlugin } from '@touchpoint/plugin-sdk';
import { EmailConnection } from './connection.ts';
import { send } from './send.ts';

export { EmailConnection } from './connection.ts';
export { EmailSendInput, EmailSendOutput } from './send.ts';
export { composeMessage, DEFAULT_SUBJECT, escapeHtml, IDEMPOTENCY_HEADER, stableMessageId, textToHtml } from './message.ts';

/** Email through the tenant's SMTP server: plain text with an HTML alternative, zh-CN and en. */
export default definePlugin({
  id: 'channel-email',
  version: '1.0.0',
  kind: 'channel',
  connection: EmailConnection,
  actions: { send },
  editor: {
    icon: 'mail',
    label: { 'zh-CN': '邮件', en: 'Email' },
    description: {
      'zh-CN': '通过您自己的 SMTP 服务器（或服务商的 SMTP 中继）给客户发送邮件。',
      en: "Email customers through your own SMTP server (or your provider's SMTP relay).",
    },
  },
});
