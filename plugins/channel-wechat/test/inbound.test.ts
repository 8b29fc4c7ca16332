import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runTrigger, type TriggerEvent } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.ts';

const TOKEN = 'serverToken123';
const connection = { appId: 'wx1234567890abcdef', appSecret: 'app-secret-0123456789', token: TOKEN };
const NOW = Date.parse('2025-03-01T08:00:00Z');
const clock = { now: () => new Date(NOW) };
const timestamp = String(Math.floor(NOW / 1000));

/** WeChat's documented signature, computed here independently of the plugin. */
function sign(token: string, ts: string, nonce: string): string {
  return createHash('sha1').update([token, ts, nonce].sort().join('')).digest('hex');
}

function pushUrl(params: Record<string, string>): string {
  return `https://touchpoint.test/api/v1/webhooks/t-1/channel-wechat/inbound?${new URLSearchParams(params)}`;
}

function signedUrl(options: { token?: string; ts?: string; nonce?: string; extra?: Record<string, string> } = {}): string {
  const ts = options.ts ?? timestamp;
  const nonce = options.nonce ?? '1405593921';
  return pushUrl({ signature: sign(options.token ?? TOKEN, ts, nonce), timestamp: ts, nonce, openid: 'oFollower-1', ...options.extra });
}

const textMessage = (content: string, from = 'oFollower-1', msgId = '23456789012345678') => `<xml>
  <ToUserName><![CDATA[gh_0123456789ab]]></ToUserName>
  <FromUserName><![CDATA[${from}]]></FromUserName>
  <CreateTime>${timestamp}</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[${content}]]></Content>
  <MsgId>${msgId}</MsgId>
</xml>`;

const deliver = (body: string | Uint8Array, url = signedUrl()) => runTrigger(plugin, 'inbound', { body, url, headers: { 'content-type': 'text/xml' } }, { connection, clock });

describe('signature', () => {
  it('accepts a push signed with the server-config token', async () => {
    await expect(deliver(textMessage('你好'))).resolves.toHaveLength(1);
  });

  it('accepts the signature in upper case hex', async () => {
    const nonce = '777';
    const url = pushUrl({ signature: sign(TOKEN, timestamp, nonce).toUpperCase(), timestamp, nonce });
    await expect(deliver(textMessage('你好'), url)).resolves.toHaveLength(1);
  });

  it('refuses a push signed with another token', async () => {
    await expect(deliver(textMessage('你好'), signedUrl({ token: 'someoneElse1' }))).rejects.toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID' });
  });

  it('refuses a push whose nonce or timestamp was changed after signing', async () => {
    const url = new URL(signedUrl());
    url.searchParams.set('nonce', '1405593922');
    await expect(deliver(textMessage('你好'), url.href)).rejects.toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID' });
  });

  it('refuses a push with no signature parameters', async () => {
    await expect(deliver(textMessage('你好'), pushUrl({ timestamp, nonce: '1' }))).rejects.toThrow(/TP_PLUGIN_SIGNATURE_INVALID: .*no signature, timestamp and nonce/);
  });

  it('refuses a correctly signed push from too long ago (a replay)', async () => {
    const old = String(Math.floor(NOW / 1000) - 3600);
    await expect(deliver(textMessage('你好'), signedUrl({ ts: old }))).rejects.toThrow(/TP_PLUGIN_SIGNATURE_INVALID: .*3600 s away from now \(at most 300 s\)/);
    // …unless the tenant turned the check off.
    const events = await runTrigger(plugin, 'inbound', { body: textMessage('你好'), url: signedUrl({ ts: old }) }, { connection: { ...connection, maxSignatureAgeSeconds: 0 }, clock });
    expect(events).toHaveLength(1);
  });
});

describe('parsing', () => {
  it('turns a text message (CDATA, Chinese) into customer.message keyed by the openid, starting a case', async () => {
    const events = await deliver(textMessage('我想改签明天的票，<急>！'));
    expect(events).toEqual([
      { name: 'customer.message', data: { text: '我想改签明天的票，<急>！', msgId: '23456789012345678', openid: 'oFollower-1' }, customerRef: 'oFollower-1', start: true },
    ]);
  });

  it('keeps the 64-bit MsgId exactly and text that looks like a number as text', async () => {
    const [message] = await deliver(textMessage('007', 'oFollower-1', '9223372036854775807'));
    expect(message!.data).toEqual({ text: '007', msgId: '9223372036854775807', openid: 'oFollower-1' });
  });

  it('reads a message without CDATA, with entities', async () => {
    const body = `<xml><ToUserName>gh_1</ToUserName><FromUserName>oFollower-2</FromUserName><CreateTime>${timestamp}</CreateTime><MsgType>text</MsgType><Content>行李 &amp; 轮椅 &lt;3</Content><MsgId>1</MsgId></xml>`;
    const [message] = await deliver(body);
    expect(message).toMatchObject({ data: { text: '行李 & 轮椅 <3', openid: 'oFollower-2' }, customerRef: 'oFollower-2' });
  });

  it('reads the raw bytes of the body as UTF-8', async () => {
    const [message] = await deliver(new TextEncoder().encode(textMessage('清真餐')));
    expect(message!.data.text).toBe('清真餐');
  });

  it('adds survey.answered when the message is a score from 0 to 10', async () => {
    expect(await deliver(textMessage('10'))).toEqual([
      { name: 'customer.message', data: { text: '10', msgId: '23456789012345678', openid: 'oFollower-1' }, customerRef: 'oFollower-1', start: true },
      { name: 'survey.answered', data: { score: 10 }, customerRef: 'oFollower-1' },
    ]);
    expect((await deliver(textMessage(' 0 ')))[1]).toMatchObject({ name: 'survey.answered', data: { score: 0 } });
    expect((await deliver(textMessage('９')))[1]).toMatchObject({ name: 'survey.answered', data: { score: 9 } }); // full-width digit
    for (const text of ['11', '-1', '4.5', '5分', 'five', '']) {
      const events = await deliver(textMessage(text));
      expect(events.map((event) => event.name), text).toEqual(['customer.message']);
    }
  });

  it('turns a follow into customer.subscribed (with the QR scene), and an unfollow into customer.unsubscribed', async () => {
    const follow = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oNew-1]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_spring-fair]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>`;
    expect(await deliver(follow)).toEqual([{ name: 'customer.subscribed', data: { openid: 'oNew-1', eventKey: 'qrscene_spring-fair' }, customerRef: 'oNew-1' }]);
    const plain = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oNew-2]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey></xml>`;
    expect(await deliver(plain)).toEqual([{ name: 'customer.subscribed', data: { openid: 'oNew-2' }, customerRef: 'oNew-2' }]);
    const unfollow = plain.replace('subscribe', 'unsubscribe');
    expect(await deliver(unfollow)).toEqual([{ name: 'customer.unsubscribed', data: { openid: 'oNew-2' }, customerRef: 'oNew-2' }]);
  });

  it('acknowledges and ignores other messages and events', async () => {
    const image = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oFollower-1]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[media]]></MediaId><MsgId>5</MsgId></xml>`;
    expect(await deliver(image)).toEqual([]);
    const report = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oFollower-1]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200228333</MsgID><Status><![CDATA[success]]></Status></xml>`;
    expect(await deliver(report)).toEqual([]);
  });

  it('refuses malformed XML as TP_PLUGIN_PAYLOAD_INVALID', async () => {
    await expect(deliver('<xml><ToUserName>gh_1</ToUserName><Content>unclosed</xml>')).rejects.toThrow(/TP_PLUGIN_PAYLOAD_INVALID: channel-wechat\.inbound: the body is not well-formed XML/);
    await expect(deliver('{"text":"json, not xml"}')).rejects.toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID' });
    await expect(deliver('')).rejects.toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID' });
  });

  it('refuses XML that is not a WeChat message', async () => {
    await expect(deliver(`<xml><ToUserName>gh_1</ToUserName><CreateTime>${timestamp}</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>`)).rejects.toThrow(
      /TP_PLUGIN_PAYLOAD_INVALID: .*<FromUserName> is missing/,
    );
    await expect(deliver('<note>hello</note>')).rejects.toThrow(/no <xml> root element/);
    await expect(deliver(textMessage('x').replace(/<MsgId>.*<\/MsgId>/, ''))).rejects.toThrow(/without <Content> or <MsgId>/);
  });

  it('refuses a DOCTYPE (entity expansion) without expanding it', async () => {
    const bomb = `<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${textMessage('&b;')}`;
    await expect(deliver(bomb)).rejects.toThrow(/TP_PLUGIN_PAYLOAD_INVALID: .*DOCTYPE/);
  });

  it('explains that encrypted (safe mode) pushes are not supported, and reads compatible mode', async () => {
    const encrypted = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[c2FmZSBtb2Rl]]></Encrypt></xml>`;
    await expect(deliver(encrypted, signedUrl({ extra: { encrypt_type: 'aes', msg_signature: 'x' } }))).rejects.toThrow(/safe mode/);
    const compatible = textMessage('兼容模式').replace('</xml>', '<Encrypt><![CDATA[c2FmZSBtb2Rl]]></Encrypt></xml>');
    expect(await deliver(compatible, signedUrl({ extra: { encrypt_type: 'aes', msg_signature: 'x' } }))).toMatchObject([{ name: 'customer.message', data: { text: '兼容模式' } }]);
  });

  it('gives redelivered pushes the same content, so the server can deduplicate them', async () => {
    const first = await deliver(textMessage('重复'));
    const again = await deliver(textMessage('重复'), signedUrl({ nonce: '99999' }));
    expect(again).toEqual(first);
  });
});

describe('over HTTP', () => {
  it('handles a push exactly as a node:http server receives it', async () => {
    // A stand-in for the Touchpoint webhook route: raw bytes and the full URL go to the trigger.
    const received: TriggerEvent[][] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
        runTrigger(plugin, 'inbound', { method: request.method, url: `http://${request.headers.host}${request.url}`, headers, body: new Uint8Array(Buffer.concat(chunks)) }, { connection, clock }).then(
          (events) => {
            received.push(events);
            response.writeHead(200, { 'content-type': 'text/plain' }).end('success');
          },
          (error: { code?: string }) => response.writeHead(error.code === 'TP_PLUGIN_SIGNATURE_INVALID' ? 401 : 400).end(error.code),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const nonce = '5551212';
      const query = new URLSearchParams({ signature: sign(TOKEN, timestamp, nonce), timestamp, nonce, openid: 'oFollower-1' });
      const ok = await fetch(`http://127.0.0.1:${port}/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: textMessage('签证需要什么材料？') });
      expect([ok.status, await ok.text()]).toEqual([200, 'success']);
      expect(received[0]).toMatchObject([{ name: 'customer.message', data: { text: '签证需要什么材料？' } }]);
      query.set('signature', sign('forged', timestamp, nonce));
      const forged = await fetch(`http://127.0.0.1:${port}/wechat?${query}`, { method: 'POST', body: textMessage('forged') });
      expect([forged.status, await forged.text()]).toEqual([401, 'TP_PLUGIN_SIGNATURE_INVALID']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
