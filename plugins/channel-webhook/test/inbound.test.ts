import { createHmac } from 'node:crypto';
import { createPluginHost, PluginError, runTrigger, type LogEntry } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin, { signedHeaders, signPayload, verifySignature } from '../src/index.ts';

const inboundSecret = 'whsec_inbound_9876543210';
const connection = { url: 'https://crm.acme.example/touchpoint', signingSecret: 'whsec_outbound_0123456789', inboundSecret };
const nowSeconds = Date.parse('2031-03-07T02:00:00Z') / 1000;
const clock = { now: () => new Date(nowSeconds * 1000) };

/** A sender, written from the scheme's description rather than with the plugin's code. */
function signedBy(secret: string, timestamp: number, body: string): Record<string, string> {
  return {
    'X-Touchpoint-Timestamp': String(timestamp),
    'X-Touchpoint-Signature': `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`,
  };
}

const deliver = (body: string | Uint8Array, headers: Record<string, string>, options: { toleranceSeconds?: number; logger?: (entry: LogEntry) => void } = {}) =>
  runTrigger(plugin, 'inbound', { body, headers }, {
    connection: { ...connection, ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }) },
    clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

async function refusal(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

const body = JSON.stringify({ event: 'customer.message', data: { text: '我想改签到明天' }, caseRef: 'conv-881', customerRef: 'wang.li@example.cn', start: true });

describe('channel-webhook inbound', () => {
  it('turns a validly signed request into an event', async () => {
    const events = await deliver(body, signedBy(inboundSecret, nowSeconds, body));
    expect(events).toEqual([{ name: 'customer.message', data: { text: '我想改签到明天' }, caseRef: 'conv-881', customerRef: 'wang.li@example.cn', start: true }]);
  });

  it('accepts raw bytes and a minimal event', async () => {
    const minimal = JSON.stringify({ event: 'order.shipped' });
    const events = await deliver(new TextEncoder().encode(minimal), signedBy(inboundSecret, nowSeconds, minimal));
    expect(events).toEqual([{ name: 'order.shipped', data: {} }]);
  });

  it('produces the same signatures as an independent implementation', () => {
    expect(signPayload(inboundSecret, nowSeconds, body)).toBe(signedBy(inboundSecret, nowSeconds, body)['X-Touchpoint-Signature']);
    expect(signedHeaders(inboundSecret, nowSeconds, body)).toEqual(signedBy(inboundSecret, nowSeconds, body));
    expect(signPayload(inboundSecret, nowSeconds, new TextEncoder().encode(body))).toBe(signPayload(inboundSecret, nowSeconds, body));
  });

  it('refuses a signature made with another secret, and a body changed after signing', async () => {
    const logs: LogEntry[] = [];
    const wrongSecret = await refusal(deliver(body, signedBy('whsec_someone_else_123', nowSeconds, body), { logger: (entry) => logs.push(entry) }));
    expect(wrongSecret.code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
    expect(wrongSecret.message).toBe('TP_PLUGIN_SIGNATURE_INVALID: channel-webhook.inbound: the signature does not match the body and timestamp');
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', message: 'inbound webhook refused', fields: { reason: 'mismatch' } })]);

    const tampered = body.replace('conv-881', 'conv-882');
    const changed = await refusal(deliver(tampered, signedBy(inboundSecret, nowSeconds, body)));
    expect(changed.code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuses an old request replayed, and an old signature sent with a fresh timestamp', async () => {
    const old = nowSeconds - 301;
    const replay = await refusal(deliver(body, signedBy(inboundSecret, old, body)));
    expect(replay.code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
    expect(replay.message).toContain('the timestamp is 301 s old, outside the 300 s tolerance (a replay?)');

    const { 'X-Touchpoint-Signature': oldSignature } = signedBy(inboundSecret, old, body);
    const refreshed = await refusal(deliver(body, { 'X-Touchpoint-Timestamp': String(nowSeconds), 'X-Touchpoint-Signature': oldSignature! }));
    expect(refreshed.message).toContain('the signature does not match');

    // At the edge of the tolerance it is still accepted; the tolerance comes from the connection.
    expect(await deliver(body, signedBy(inboundSecret, nowSeconds - 300, body))).toHaveLength(1);
    await expect(deliver(body, signedBy(inboundSecret, nowSeconds - 60, body), { toleranceSeconds: 30 })).rejects.toThrow('60 s old, outside the 30 s tolerance');
  });

  it('refuses a timestamp too far in the future', async () => {
    const future = await refusal(deliver(body, signedBy(inboundSecret, nowSeconds + 301, body)));
    expect(future.code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
    expect(future.message).toContain('301 s in the future');
    expect(await deliver(body, signedBy(inboundSecret, nowSeconds + 299, body))).toHaveLength(1);
  });

  it('refuses missing and malformed headers', async () => {
    const good = signedBy(inboundSecret, nowSeconds, body);
    const hex = good['X-Touchpoint-Signature']!.slice(3);
    const cases: [Record<string, string>, string][] = [
      [{}, 'no X-Touchpoint-Timestamp header'],
      [{ 'X-Touchpoint-Timestamp': String(nowSeconds) }, 'no X-Touchpoint-Signature header'],
      [{ ...good, 'X-Touchpoint-Timestamp': `${nowSeconds}.5` }, 'is not unix seconds'],
      [{ ...good, 'X-Touchpoint-Timestamp': '-1' }, 'is not unix seconds'],
      [{ ...good, 'X-Touchpoint-Signature': hex }, 'is not "v1=<64 hex digits>"'],
      [{ ...good, 'X-Touchpoint-Signature': `v1=${hex.slice(0, 63)}` }, 'is not "v1=<64 hex digits>"'],
      [{ ...good, 'X-Touchpoint-Signature': `sha256=${hex}` }, 'is not "v1=<64 hex digits>"'],
    ];
    for (const [headers, reason] of cases) {
      const error = await refusal(deliver(body, headers));
      expect(error.code, JSON.stringify(headers)).toBe('TP_PLUGIN_SIGNATURE_INVALID');
      expect(error.message).toContain(reason);
    }
  });

  it('accepts several v1 signatures, one valid (a sender rotating its secret), in any case of hex', async () => {
    const valid = signedBy(inboundSecret, nowSeconds, body)['X-Touchpoint-Signature']!;
    const stale = signedBy('whsec_previous_secret_1', nowSeconds, body)['X-Touchpoint-Signature']!;
    const headers = { 'X-Touchpoint-Timestamp': String(nowSeconds), 'X-Touchpoint-Signature': `${stale}, ${`v1=${valid.slice(3).toUpperCase()}`}` };
    expect(await deliver(body, headers)).toHaveLength(1);
    const onlyStale = await refusal(deliver(body, { ...headers, 'X-Touchpoint-Signature': `${stale},${stale}` }));
    expect(onlyStale.code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuses a signed body that is not JSON, or not an event', async () => {
    const notJson = '{"event": "customer.message",';
    const malformed = await refusal(deliver(notJson, signedBy(inboundSecret, nowSeconds, notJson)));
    expect(malformed.code).toBe('TP_PLUGIN_PAYLOAD_INVALID');
    expect(malformed.message).toContain('the body is not JSON');

    const bad: [unknown, string[]][] = [
      [{ event: 'Order Shipped' }, ['event']],
      [{ data: {} }, ['event']],
      [{ event: 'order.shipped', data: ['not', 'an', 'object'] }, ['data']],
      [{ event: 'order.shipped', customerref: 'typo' }, ['']],
      [{ event: 'order.shipped', caseRef: '' }, ['caseRef']],
      [['order.shipped'], ['']],
    ];
    for (const [payload, paths] of bad) {
      const text = JSON.stringify(payload);
      const error = await refusal(deliver(text, signedBy(inboundSecret, nowSeconds, text)));
      expect(error.code, text).toBe('TP_PLUGIN_PAYLOAD_INVALID');
      expect(error.problems.map((problem) => problem.path), text).toEqual(paths);
    }
  });

  it('is delivered by the plugin host, headers in any case', async () => {
    const host = createPluginHost({ plugins: [plugin], clock, logger: () => undefined });
    const headers = Object.fromEntries(Object.entries(signedBy(inboundSecret, nowSeconds, body)).map(([name, value]) => [name.toLowerCase(), value]));
    const events = await host.handleWebhook({ plugin: 'channel-webhook', trigger: 'inbound', request: { method: 'POST', url: '/webhooks/t1/channel-webhook/inbound', headers, body }, connection });
    expect(events.map((event) => event.name)).toEqual(['customer.message']);
    await expect(
      host.handleWebhook({ plugin: 'channel-webhook', trigger: 'inbound', request: { method: 'POST', url: '/', headers, body: `${body} ` }, connection }),
    ).rejects.toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID' });
  });
});

describe('verifySignature', () => {
  const base = { secret: inboundSecret, body, now: new Date(nowSeconds * 1000), toleranceSeconds: 300 };
  it('says why it refuses', () => {
    const headers = signedBy(inboundSecret, nowSeconds, body);
    expect(verifySignature({ ...base, timestamp: headers['X-Touchpoint-Timestamp'], signature: headers['X-Touchpoint-Signature'] })).toEqual({ ok: true, timestamp: nowSeconds });
    const reason = (timestamp: string | undefined, signature: string | undefined) => {
      const result = verifySignature({ ...base, timestamp, signature });
      return result.ok ? 'ok' : result.reason;
    };
    expect(reason(undefined, headers['X-Touchpoint-Signature'])).toBe('missing-header');
    expect(reason('soon', headers['X-Touchpoint-Signature'])).toBe('malformed-header');
    expect(reason(headers['X-Touchpoint-Timestamp'], 'v1=zz')).toBe('malformed-header');
    expect(reason(String(nowSeconds + 1), headers['X-Touchpoint-Signature'])).toBe('mismatch');
    const old = signedBy(inboundSecret, nowSeconds - 1000, body);
    expect(reason(old['X-Touchpoint-Timestamp'], old['X-Touchpoint-Signature'])).toBe('expired');
    const ahead = signedBy(inboundSecret, nowSeconds + 1000, body);
    expect(reason(ahead['X-Touchpoint-Timestamp'], ahead['X-Touchpoint-Signature'])).toBe('future');
  });
});
