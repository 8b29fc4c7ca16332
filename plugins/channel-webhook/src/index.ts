import { definePlugin } from '@touchpoint/plugin-sdk';
import { post, send } from './actions.ts';
import { WebhookConnection } from './connection.ts';
import { inbound } from './inbound.ts';

export { WebhookConnection } from './connection.ts';
export { DeliveryOutput, PostInput } from './actions.ts';
export { InboundPayload } from './inbound.ts';
export { DELIVERY_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './deliver.ts';
export { retryAfterMs } from '@touchpoint/plugin-sdk';
export {
  parseSignatureHeader,
  SIGNATURE_HEADER,
  SIGNATURE_SCHEME,
  signedHeaders,
  signPayload,
  TIMESTAMP_HEADER,
  verifySignature,
  type Verification,
  type VerifyFailure,
  type VerifyOptions,
} from './signature.ts';

/** Generic HTTP both ways: signed outbound POSTs, verified inbound webhooks with replay protection. */
export default definePlugin({
  id: 'channel-webhook',
  version: '1.0.0',
  kind: 'channel',
  connection: WebhookConnection,
  actions: { send, post },
  triggers: { inbound },
  editor: {
    icon: 'webhook',
    label: { 'zh-CN': 'Webhook', en: 'Webhook' },
    description: {
      'zh-CN': '通过签名的 HTTP 请求与您自己的系统互通：发出消息和事件，接收经过验证的事件。',
      en: 'Talk to your own system over signed HTTP: send messages and events out, receive verified events in.',
    },
  },
});
