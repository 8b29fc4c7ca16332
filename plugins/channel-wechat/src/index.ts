import { definePlugin } from '@touchpoint/plugin-sdk';
import { WeChatConnection } from './connection.ts';
import { inbound } from './inbound.ts';
import { send, sendTemplate } from './send.ts';

export { WeChatConnection } from './connection.ts';
export { WeChatApiError, TOKEN_ERRCODES } from './errors.ts';
export { accessToken, callWeChat, TOKEN_RENEW_BEFORE_MS } from './api.ts';
export { clientMsgId, TemplateInput } from './send.ts';
export { MessageData, SubscriptionData, SurveyData, parsePush, scoreOf } from './inbound.ts';
export { wechatSignature } from './signature.ts';

/** WeChat Official Account (微信公众号): customer-service and template messages out, signed XML pushes in. */
export default definePlugin({
  id: 'channel-wechat',
  version: '1.0.0',
  kind: 'channel',
  connection: WeChatConnection,
  actions: { send, sendTemplate },
  triggers: { inbound },
  editor: {
    icon: 'wechat',
    label: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' },
    description: {
      'zh-CN': '通过公众号与粉丝沟通：接收消息与关注事件，发送客服消息和模板消息。',
      en: 'Talk to followers of your Official Account: receive messages and follows, send customer-service and template messages.',
    },
  },
});
