import { loadPlugin, runAction, type LogEntry } from '@touchpoint/plugin-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin, { clientMsgId, TOKEN_RENEW_BEFORE_MS } from '../src/index.ts';
import { startFakeWeChat, type FakeWeChat } from './fake-wechat.ts';

let wechat: FakeWeChat;
let time: number;
const clock = { now: () => new Date(time) };

beforeEach(async () => {
  time = Date.parse('2025-03-01T08:00:00Z');
  wechat = await startFakeWeChat({ now: () => time });
});
afterEach(() => wechat.close());

const connection = (extra: Record<string, unknown> = {}) => ({ appId: wechat.appId, appSecret: wechat.appSecret, token: 'serverToken123', baseUrl: wechat.baseUrl, ...extra });
const send = (to: string | undefined, text: string, options: { idempotencyKey?: string; logger?: (entry: LogEntry) => void } = {}) =>
  runAction(plugin, 'send', { ...(to === undefined ? {} : { to }), text, locale: 'zh-CN', template: 'ack' }, { connection: connection(), clock, ...options });

describe('the plugin', () => {
  it('installs, with its secrets marked and editor hints in both locales', () => {
    const { manifest } = loadPlugin(plugin);
    expect(manifest).toMatchObject({ id: 'channel-wechat', kind: 'channel', editor: { icon: 'wechat', label: { 'zh-CN': '微信公众号', en: 'WeChat Official Account' } } });
    expect(Object.keys(manifest.actions)).toEqual(['send', 'sendTemplate']);
    expect(Object.keys(manifest.triggers)).toEqual(['inbound']);
    const properties = (manifest.connection as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(properties.appSecret).toMatchObject({ 'x-touchpoint-secret': true, writeOnly: true });
    expect(properties.token).toMatchObject({ 'x-touchpoint-secret': true, writeOnly: true });
    expect(properties.baseUrl).toMatchObject({ default: 'https://api.weixin.qq.com' });
  });
});

describe('send (customer-service message)', () => {
  it('posts the documented body with the access token, fetched once for many sends', async () => {
    for (const text of ['您好，我们已收到您的改签申请。', 'second', 'third']) expect(await send('oFollower-1', text)).toEqual({ sent: true, msgtype: 'text' });
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.delivered.map((message) => message.body)).toEqual([
      { touser: 'oFollower-1', msgtype: 'text', text: { content: '您好，我们已收到您的改签申请。' } },
      { touser: 'oFollower-1', msgtype: 'text', text: { content: 'second' } },
      { touser: 'oFollower-1', msgtype: 'text', text: { content: 'third' } },
    ]);
    expect(new Set(wechat.calls.map((call) => call.accessToken)).size).toBe(1);
  });

  it('shares one token request between concurrent callers', async () => {
    wechat.tokenDelayMs = 100;
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => send(index % 2 === 0 ? 'oFollower-1' : 'oFollower-2', `message ${index}`)));
    expect(results).toHaveLength(8);
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.delivered).toHaveLength(8);
  });

  it('renews the token 5 minutes before it expires (ctx.clock), not before', async () => {
    await send('oFollower-1', 'one');
    time += 7200_000 - TOKEN_RENEW_BEFORE_MS - 1000; // just before the renewal point
    await send('oFollower-1', 'two');
    expect(wechat.tokenRequests).toBe(1);
    time += 2000; // past it: 4 min 59 s before WeChat's expiry
    await send('oFollower-1', 'three');
    expect(wechat.tokenRequests).toBe(2);
    const [first, second, third] = wechat.calls.map((call) => call.accessToken);
    expect(second).toBe(first);
    expect(third).not.toBe(first);
  });

  it('renews a token WeChat refused (40001: another server fetched a new one) and retries the call once', async () => {
    const logs: LogEntry[] = [];
    await send('oFollower-1', 'before');
    wechat.revokeTokens();
    expect(await send('oFollower-1', 'after', { logger: (entry) => logs.push(entry) })).toEqual({ sent: true, msgtype: 'text' });
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.calls.map((call) => call.errcode)).toEqual([0, 40001, 0]);
    expect(wechat.delivered.map((message) => message.body.text.content)).toEqual(['before', 'after']);
    expect(logs.map((entry) => entry.message)).toContain('wechat refused the access token; renewing it');
    // Later calls use the new token, without asking again.
    await send('oFollower-1', 'later');
    expect(wechat.tokenRequests).toBe(2);
  });

  it('renews an expired token (42001) too', async () => {
    await send('oFollower-1', 'before');
    wechat.expireTokens();
    await send('oFollower-1', 'after');
    expect(wechat.calls.map((call) => call.errcode)).toEqual([0, 42001, 0]);
    expect(wechat.tokenRequests).toBe(2);
  });

  it('concurrent callers refused the same token renew it once', async () => {
    await send('oFollower-1', 'warm up');
    wechat.revokeTokens();
    wechat.tokenDelayMs = 50;
    await Promise.all(Array.from({ length: 5 }, (_, index) => send('oFollower-1', `after ${index}`)));
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.delivered).toHaveLength(6);
  });

  it('retries only once: a token refused twice fails the step with the errcode', async () => {
    wechat.refuseAllTokens = true;
    const failure = send('oFollower-1', 'hello');
    await expect(failure).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED' });
    await expect(failure).rejects.toThrow(/errcode 40001 \(invalid credential, access_token is invalid or not latest rid: \w+\)/);
    expect(wechat.calls).toHaveLength(2);
    expect(wechat.tokenRequests).toBe(2);
  });

  it('turns a non-zero errcode into a coded error with errcode, errmsg and a hint', async () => {
    await expect(send('oStranger', 'hello')).rejects.toThrow(
      /^TP_PLUGIN_FAILED: channel-wechat\.send for case test-case: WeChat POST \/cgi-bin\/message\/custom\/send answered errcode 40003 \(invalid openid rid: \w+\): the openid does not belong to this Official Account$/,
    );
    wechat.failNext.push({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    await expect(send('oFollower-1', 'hello')).rejects.toThrow(/errcode 45015 .*use sendTemplate/);
    expect(wechat.tokenRequests).toBe(1); // not a token problem: no renewal
  });

  it('reports a wrong AppSecret without repeating it', async () => {
    const failure = runAction(plugin, 'send', { to: 'oFollower-1', text: 'hi', locale: 'en', template: 'ack' }, { connection: connection({ appSecret: 'wrong-secret-value' }), clock });
    await expect(failure).rejects.toThrow(/GET \/cgi-bin\/token answered errcode 40125 \(invalid appsecret rid: \w+\): the AppSecret is wrong/);
    await expect(failure).rejects.not.toThrow(/wrong-secret-value/);
  });

  it('keeps the HTTP status when WeChat (or a proxy) answers an HTTP error', async () => {
    wechat.httpStatus = 502;
    await expect(send('oFollower-1', 'hello')).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 502 });
    await expect(send('oFollower-1', 'hello')).rejects.not.toThrow(/ACCESS_TOKEN/); // the query string stays out of messages
  });

  it('fails the step when the customer has no openid, without calling WeChat', async () => {
    await expect(send(undefined, 'hello')).rejects.toThrow('no openid to send to');
    expect(wechat.tokenRequests).toBe(0);
  });

  it('refuses an empty text as input', async () => {
    await expect(send('oFollower-1', '')).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
  });
});

describe('sendTemplate (template message)', () => {
  const data = { thing1: { value: '上海 → 北京 G2' }, time2: { value: '2025-03-02 08:00' }, character_string3: { value: 'A-2041', color: '#173177' } };

  it('posts touser, template_id, url, data and a stable client_msg_id, and returns the msgid', async () => {
    const output = await runAction(plugin, 'sendTemplate', { to: 'oFollower-1', templateId: 'TPL-rebooked', data, url: 'https://touchpoint.test/orders/A-2041' }, {
      connection: connection(),
      clock,
      idempotencyKey: 'case-9/notify/1/sendTemplate',
    });
    expect(output).toEqual({ msgid: '200228333' });
    expect(wechat.delivered).toEqual([
      {
        path: '/cgi-bin/message/template/send',
        body: { touser: 'oFollower-1', template_id: 'TPL-rebooked', url: 'https://touchpoint.test/orders/A-2041', data, client_msg_id: clientMsgId('case-9/notify/1/sendTemplate') },
      },
    ]);
    expect(clientMsgId('case-9/notify/1/sendTemplate')).toMatch(/^[0-9a-f]{32}$/);
    expect(clientMsgId('case-9/notify/2/sendTemplate')).not.toBe(clientMsgId('case-9/notify/1/sendTemplate'));
  });

  it("uses the connection's templateId when the input names none", async () => {
    await runAction(plugin, 'sendTemplate', { to: 'oFollower-2', data }, { connection: connection({ templateId: 'TPL-rebooked' }), clock });
    expect(wechat.delivered[0]!.body).toMatchObject({ touser: 'oFollower-2', template_id: 'TPL-rebooked' });
    expect(wechat.delivered[0]!.body).not.toHaveProperty('url');
  });

  it('fails without a template id anywhere, and with one WeChat does not know', async () => {
    await expect(runAction(plugin, 'sendTemplate', { to: 'oFollower-1', data }, { connection: connection(), clock })).rejects.toThrow('no template id');
    await expect(runAction(plugin, 'sendTemplate', { to: 'oFollower-1', templateId: 'TPL-gone', data }, { connection: connection(), clock })).rejects.toThrow(
      /errcode 40037 .*the template id is wrong or was deleted/,
    );
  });

  it('refuses malformed fields before calling WeChat', async () => {
    await expect(
      runAction(plugin, 'sendTemplate', { to: 'oFollower-1', templateId: 'TPL-rebooked', data: { 'bad key': { value: 'x' } } }, { connection: connection(), clock }),
    ).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
    await expect(
      runAction(plugin, 'sendTemplate', { to: 'oFollower-1', templateId: 'TPL-rebooked', data: { thing1: { value: 'x', color: 'red' } } }, { connection: connection(), clock }),
    ).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
    expect(wechat.tokenRequests).toBe(0);
  });

  it('shares the token cache with send', async () => {
    await send('oFollower-1', 'hello');
    await runAction(plugin, 'sendTemplate', { to: 'oFollower-1', templateId: 'TPL-rebooked', data }, { connection: connection(), clock });
    expect(wechat.tokenRequests).toBe(1);
  });
});
