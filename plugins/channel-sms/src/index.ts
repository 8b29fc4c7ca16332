import { definePlugin } from '@touchpoint/plugin-sdk';
import { Connection } from './connection.ts';
import { inbound } from './inbound.ts';
import { send } from './send.ts';

export { Connection, E164 } from './connection.ts';
export { InboundEvent } from './inbound.ts';
export { SmsInput, SmsOutput } from './send.ts';
export { twilioSignature, verifyTwilioSignature } from './signature.ts';

/**
 * SMS through Twilio's Messages API (or a compatible one at `baseUrl`); incoming messages arrive on
 * the `inbound` webhook, verified with `X-Twilio-Signature`.
 */
export default definePlugin({
  id: 'channel-sms',
  version: '1.0.0',
  kind: 'channel',
  connection: Connection,
  actions: { send },
  triggers: { inbound },
  editor: {
    icon: 'message',
    label: { 'zh-CN': '短信（Twilio）', en: 'SMS (Twilio)' },
    description: {
      'zh-CN': '通过 Twilio 发送短信，接收客户回复与满意度评分。',
      en: 'Send SMS through Twilio; receive replies and survey scores.',
    },
  },
});
