import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { checkConnection, createPluginHost, PluginError, runAction, type LogEntry } from '@touchpoint/plugin-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import plugin, { signPayload } from '../src/index.ts';
import { json, startReceiver, type Received, type Receiver } from './receiver.ts';

const signingSecret = 'whsec_outbound_0123456789';
const inboundSecret = 'whsec_inbound_9876543210';
const at = (iso: string) => ({ now: () => new Date(iso) });
const clock = at('2031-03-07T02:00:00Z');
const clockSeconds = Date.parse('2031-03-07T02:00:00Z') / 1000;

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});
async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}
const connectionFor = (url: string) => ({ url, signingSecret, inboundSecret });

/** The receiving side's check, written from the scheme's description rather than with the plugin's code. */
function independentlyVerified(request: Received, secret: string): boolean {
  const timestamp = String(request.headers['x-touchpoint-timestamp']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`, 'utf8').digest('hex')}`;
  return request.headers['x-touchpoint-signature'] === expected;
}

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

const message = { to: 'wang.li@example.cn', text: '您好，您的退款已到账。', subject: '退款通知', locale: 'zh-CN' as const, template: 'refund-done' };

describe('channel-webhook outbound, to a real HTTP server', () => {
  it('send POSTs the message as signed JSON with the idempotency key', async () => {
    const server = await receiver();
    const output = await runAction(plugin, 'send', message, {
      connection: connectionFor(server.url),
      clock,
      caseId: 'case-42',
      nodeId: 'notify',
      idempotencyKey: 'case-42/notify/1/send',
    });
    expect(output).toEqual({ status: 200, body: { received: true } });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/hooks/touchpoint');
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request!.headers['idempotency-key']).toBe('case-42/notify/1/send');
    expect(request!.headers['x-touchpoint-timestamp']).toBe(String(clockSeconds));
    expect(independentlyVerified(request!, signingSecret)).toBe(true);
    expect(independentlyVerified(request!, inboundSecret)).toBe(false);
    expect(JSON.parse(request!.body)).toEqual({ type: 'message', caseId: 'case-42', nodeId: 'notify', ...message });
  });

  it('post sends any JSON as is, and reports 2xx answers with or without a body', async () => {
    const server = await receiver();
    const payload = { order: { id: 'A-1001', items: [{ sku: '茶叶', qty: 2 }] }, flags: [true, null], note: 'a "quoted" \\ line\nbreak' };
    server.answer = (_request, response) => {
      response.writeHead(202);
      response.end();
    };
    expect(await runAction(plugin, 'post', { payload }, { connection: connectionFor(server.url), clock })).toEqual({ status: 202 });
    expect(JSON.parse(server.received[0]!.body)).toEqual(payload);
    expect(independentlyVerified(server.received[0]!, signingSecret)).toBe(true);

    server.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    };
    expect(await runAction(plugin, 'post', { payload: ['just', 'an', 'array'] }, { connection: connectionFor(server.url), clock })).toEqual({ status: 200, body: 'ok' });
    expect(server.received[1]!.body).toBe('["just","an","array"]');
  });

  it('signs with what signPayload produces', async () => {
    const server = await receiver();
    await runAction(plugin, 'post', { payload: { a: 1 } }, { connection: connectionFor(server.url), clock });
    const [request] = server.received;
    expect(request!.headers['x-touchpoint-signature']).toBe(signPayload(signingSecret, clockSeconds, request!.body));
  });

  it('keeps the idempotency key across retries and signs each try with its own timestamp', async () => {
    const server = await receiver();
    const options = { connection: connectionFor(server.url), idempotencyKey: 'case-1/n/1/send' };
    await runAction(plugin, 'send', message, { ...options, attempt: 1, clock });
    await runAction(plugin, 'send', message, { ...options, attempt: 2, clock: at('2031-03-07T02:00:42Z') });
    const [first, second] = server.received;
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body).toBe(first!.body);
    expect(Number(second!.headers['x-touchpoint-timestamp']) - Number(first!.headers['x-touchpoint-timestamp'])).toBe(42);
    expect(second!.headers['x-touchpoint-signature']).not.toBe(first!.headers['x-touchpoint-signature']);
    expect(independentlyVerified(second!, signingSecret)).toBe(true);
  });

  it('fails with the status and the Retry-After when the receiver answers 429', async () => {
    const server = await receiver();
    server.answer = json(429, { error: 'slow down' }, { 'retry-after': '30' });
    const error = await failure(runAction(plugin, 'send', message, { connection: connectionFor(server.url), clock, caseId: 'case-7' }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 429, retryAfterMs: 30_000, plugin: 'channel-webhook', action: 'send', caseId: 'case-7' });
    expect(error.message).toBe(
      `TP_PLUGIN_FAILED: channel-webhook.send for case case-7: TP_PLUGIN_HTTP: POST ${new URL(server.url).origin}/hooks/touchpoint answered 429 (Retry-After: retryAfterMs=30000): {"error":"slow down"}; a retry may succeed`,
    );
  });

  it('reads a Retry-After date against the plugin clock', async () => {
    const server = await receiver();
    server.answer = json(503, { error: 'maintenance' }, { 'retry-after': 'Fri, 07 Mar 2031 02:02:00 GMT' });
    const error = await failure(runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(server.url), clock }));
    expect(error.status).toBe(503);
    expect(error.message).toContain('answered 503 (Retry-After: retryAfterMs=120000)');
  });

  it('fails with the status on 500 (retriable) and 400 (not)', async () => {
    const server = await receiver();
    server.answer = json(500, { error: 'boom' });
    const serverError = await failure(runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(server.url), clock }));
    expect(serverError.status).toBe(500);
    expect(serverError.message).toMatch(/answered 500: \{"error":"boom"\}; a retry may succeed$/);
    expect(serverError.message).not.toContain('retryAfterMs');

    server.answer = json(400, { error: 'bad payload' });
    const clientError = await failure(runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(server.url), clock }));
    expect(clientError.status).toBe(400);
    expect(clientError.message).toMatch(/retrying will not help$/);
  });

  it('does not follow redirects with a signed request', async () => {
    const target = await receiver();
    const server = await receiver();
    server.answer = (_request, response) => {
      response.writeHead(307, { location: target.url });
      response.end();
    };
    const error = await failure(runAction(plugin, 'post', { payload: { secret: 'stuff' } }, { connection: connectionFor(server.url), clock }));
    expect(error.status).toBe(307);
    expect(error.message).toContain('redirects are not followed');
    expect(target.received).toEqual([]);
  });

  it('fails quickly with a coded error when nothing listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const started = Date.now();
    const error = await failure(runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(`http://127.0.0.1:${port}/x?token=query-secret`), clock }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`TP_PLUGIN_HTTP: POST http://127.0.0.1:${port}/x: fetch failed: ECONNREFUSED`);
    expect(error.message).not.toContain('query-secret');
  });

  it('is cancelled by the call signal while the receiver hangs', async () => {
    const server = await receiver();
    server.answer = () => undefined; // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(server.url), clock, signal: controller.signal }));
    expect(error.code).toBe('TP_PLUGIN_ABORTED');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves a very large answer out of the output, and says so in the log', async () => {
    const server = await receiver();
    server.answer = json(200, { blob: 'x'.repeat(100_000) });
    const logs: LogEntry[] = [];
    const output = await runAction(plugin, 'post', { payload: {} }, { connection: connectionFor(server.url), clock, logger: (entry) => logs.push(entry) });
    expect(output).toEqual({ status: 200 });
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', message: 'the receiver answered more than the output keeps; its body is left out' })]);
  });

  it('refuses a connection without secrets, and a payload that is not JSON', async () => {
    const server = await receiver();
    const noSecret = await failure(runAction(plugin, 'post', { payload: {} }, { connection: { url: server.url } as never }));
    expect(noSecret.code).toBe('TP_PLUGIN_CONNECTION_INVALID');
    expect(noSecret.problems.map((problem) => problem.path).sort()).toEqual(['inboundSecret', 'signingSecret']);
    const notJson = await failure(runAction(plugin, 'post', {} as never, { connection: connectionFor(server.url) }));
    expect(notJson.code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect(server.received).toEqual([]);
  });

  it('checks the connection form as the server does (ajv on the JSON Schema), without repeating secrets', () => {
    expect(checkConnection(plugin, connectionFor('https://crm.acme.example/hook'))).toEqual([]);
    const problems = checkConnection(plugin, { url: 'ftp://crm.acme.example/hook', signingSecret: 'short-secret', inboundSecret });
    expect(problems.map((problem) => problem.path).sort()).toEqual(['signingSecret', 'url']);
    expect(JSON.stringify(problems)).not.toContain('short-secret');
  });

  it('refuses one secret for both directions (an outbound request could be played back inbound)', async () => {
    const server = await receiver();
    const same = await failure(runAction(plugin, 'post', { payload: {} }, { connection: { url: server.url, signingSecret, inboundSecret: signingSecret } }));
    expect(same.code).toBe('TP_PLUGIN_CONNECTION_INVALID');
    expect(same.problems).toEqual([{ path: 'inboundSecret', message: 'must differ from signingSecret' }]);
    expect(same.message).not.toContain(signingSecret);
    expect(server.received).toEqual([]);
  });

  it('runs through the plugin host as the runtime calls it', async () => {
    const server = await receiver();
    const host = createPluginHost({ plugins: [plugin], connections: async () => connectionFor(server.url), clock, logger: () => undefined });
    const output = await host.invoke({
      tenantId: 't1',
      caseId: 'case-9',
      nodeId: 'ack',
      plugin: 'channel-webhook',
      action: 'send',
      input: { text: 'Got it.', locale: 'en', template: 'ack' },
      idempotencyKey: 'case-9/ack/1/send',
      attempt: 1,
      signal: new AbortController().signal,
    });
    expect(output).toEqual({ status: 200, body: { received: true } });
    expect(JSON.parse(server.received[0]!.body)).toEqual({ type: 'message', caseId: 'case-9', nodeId: 'ack', text: 'Got it.', locale: 'en', template: 'ack' });
    expect(independentlyVerified(server.received[0]!, signingSecret)).toBe(true);
  });
});
