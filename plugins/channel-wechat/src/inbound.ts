import { bodyText, defineTrigger, PluginError, type TriggerEventInput } from '@touchpoint/plugin-sdk';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { WeChatConnection } from './connection.ts';
import { queryOf, verifyPush } from './signature.ts';

/** Values stay strings: MsgId is a 64-bit number, and "007" is text, not 7. */
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true, processEntities: true, trimValues: false });

/** The fields of a push (接收普通消息 / 接收事件推送) this trigger reads. Unknown ones are ignored. */
const Push = z
  .object({
    ToUserName: z.string().min(1),
    FromUserName: z.string().min(1).max(200),
    CreateTime: z.string().regex(/^\d+$/),
    MsgType: z.string().min(1),
    Content: z.string().optional(),
    MsgId: z.string().optional(),
    Event: z.string().optional(),
    EventKey: z.string().optional(),
  })
  .loose();
type Push = z.output<typeof Push>;

export const MessageData = z.object({ text: z.string(), msgId: z.string(), openid: z.string() });
export const SurveyData = z.object({ score: z.number().int().min(0).max(10) });
export const SubscriptionData = z.object({ openid: z.string(), eventKey: z.string().optional() });

function invalid(detail: string): PluginError {
  return new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail });
}

/** The push as fields, or TP_PLUGIN_PAYLOAD_INVALID saying what is wrong with it. */
export function parsePush(xml: string, encrypted: boolean): Push {
  // WeChat never sends a DTD; one here could only be an entity-expansion attempt.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalid('the XML has a DOCTYPE; WeChat pushes never do');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw invalid(`the body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parser.parse(xml) as { xml?: unknown };
  if (typeof document.xml !== 'object' || document.xml === null) throw invalid('the body has no <xml> root element with fields');
  const fields = document.xml as Record<string, unknown>;
  if (encrypted && fields.MsgType === undefined && typeof fields.Encrypt === 'string') {
    throw invalid('the message is encrypted (safe mode, 安全模式); set the message encryption mode to plaintext or compatible (兼容模式)');
  }
  const push = Push.safeParse(fields);
  if (!push.success) {
    const issue = push.error.issues[0]!;
    throw invalid(`not a WeChat message: <${issue.path.join('.')}> ${issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message}`);
  }
  return push.data;
}

/** A score the customer typed as a whole message: "9", " 10 ", "８" (full-width). */
export function scoreOf(text: string): number | undefined {
  const trimmed = text.normalize('NFKC').trim();
  return /^(?:10|[0-9])$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * `inbound`: what WeChat pushes to the server URL. Text messages become `customer.message` (and
 * `survey.answered` when the text is a score 0–10); following the account, `customer.subscribed`;
 * unfollowing, `customer.unsubscribed`. Other messages (images, voice, location) and events (menu
 * clicks, template delivery reports) are acknowledged and ignored.
 */
export const inbound = defineTrigger({
  connection: WeChatConnection,
  event: z.union([MessageData, SurveyData, SubscriptionData]),
  editor: {
    label: { 'zh-CN': '粉丝消息与关注', en: 'Follower messages and follows' },
    description: {
      'zh-CN': '接收公众号粉丝发来的文本消息与关注事件（服务器配置，明文或兼容模式）。',
      en: "Receives followers' text messages and follow events (server configuration, plaintext or compatible mode).",
    },
  },
  // WeChat shows followers an error unless the answer is `success` (or empty) within 5 s.
  reply: { contentType: 'text/plain; charset=utf-8', body: 'success' },
  verify: (request, ctx) => verifyPush(request, ctx.connection.token, ctx.clock.now(), ctx.connection.maxSignatureAgeSeconds),
  parse(request, ctx) {
    const push = parsePush(bodyText(request), queryOf(request).get('encrypt_type') === 'aes');
    const openid = push.FromUserName;
    if (push.MsgType === 'text') {
      if (push.Content === undefined || push.MsgId === undefined) throw invalid('a text message without <Content> or <MsgId>');
      const events: TriggerEventInput[] = [{ name: 'customer.message', data: { text: push.Content, msgId: push.MsgId, openid }, customerRef: openid, start: true }];
      const score = scoreOf(push.Content);
      if (score !== undefined) events.push({ name: 'survey.answered', data: { score }, customerRef: openid });
      return events;
    }
    if (push.MsgType === 'event' && push.Event === 'subscribe') {
      return { name: 'customer.subscribed', data: { openid, ...(push.EventKey ? { eventKey: push.EventKey } : {}) }, customerRef: openid };
    }
    if (push.MsgType === 'event' && push.Event === 'unsubscribe') {
      return { name: 'customer.unsubscribed', data: { openid }, customerRef: openid };
    }
    ctx.logger.info('wechat push ignored', { msgType: push.MsgType, event: push.Event ?? null });
    return [];
  },
});
