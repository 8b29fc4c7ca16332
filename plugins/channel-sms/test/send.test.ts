import { createServer } from 'node:net';
import { createPluginHost, PluginError, runAction } from '@touchpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sms from '../src/index.ts';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.ts';

const account = { accountSid: 'ACde0123456789abcdef0123456789abcd', authToken: 'twilio-auth-token-7f3a' };
const message = { to: '+8613800000000', text: '您好，我们已收到您的改签申请。', locale: 'zh-CN', template: 'ack' } as const;

let twilio: FakeTwilio;
const connection = (extra: Record<string, unknown> = {}) => ({ ...account, from: '+15005550006', baseUrl: twilio.baseUrl, ...extra });

beforeAll(async () => {
  twilio = await startFakeTwilio(account);
});
afterAll(() => twilio.close());

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('channel-sms send', () => {
  it('creates a Message with Basic auth, form fields and the idempotency token', async () => {
    const output = await runAction(sms, 'send', message, { connection: connection(), idempotencyKey: 'case-1/auto-ack/1/send', caseId: 'case-1' });
    expect(output).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });

    const request = twilio.received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${account.accountSid}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['i-twilio-idempotency-token']).toBe('case-1/auto-ack/1/send');
    expect(Object.fromEntries(request.form)).toEqual({ To: '+8613800000000', From: '+15005550006', Body: message.text });
    expect(twilio.messages.get(output.sid)).toMatchObject({ to: '+8613800000000', body: message.text, direction: 'outbound-api' });
  });

  it('sends through a Messaging Service when `from` is an MG… SID', async () => {
    const service = 'MG0123456789abcdef0123456789abcdef';
    const output = await runAction(sms, 'send', message, { connection: connection({ from: service }) });
    expect(output.status).toBe('accepted');
    const form = twilio.received.at(-1)!.form;
    expect(form.get('MessagingServiceSid')).toBe(service);
    expect(form.has('From')).toBe(false);
  });

  it('refuses a recipient that is missing or not E.164 before calling Twilio', async () => {
    const before = twilio.received.length;
    const missing = await failure(runAction(sms, 'send', { text: 'hi', locale: 'en', template: 'ack' } as never, { connection: connection() }));
    expect(missing.code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect(missing.problems.map((problem) => problem.path)).toEqual(['to']);
    const local = await failure(runAction(sms, 'send', { ...message, to: '13800000000' }, { connection: connection() }));
    expect(local).toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID', problems: [{ path: 'to', message: 'an E.164 phone number, e.g. +8613800000000' }] });
    expect(twilio.received.length).toBe(before);
  });

  it('refuses a connection whose sender is neither E.164 nor a Messaging Service SID', async () => {
    const error = await failure(runAction(sms, 'send', message, { connection: connection({ from: 'Touchpoint' }) }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_CONNECTION_INVALID', problems: [{ path: 'from' }] });
  });

  it("reports Twilio's error code and message with the status", async () => {
    twilio.answerNext({ status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 } });
    const error = await failure(runAction(sms, 'send', message, { connection: connection(), caseId: 'case-9' }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 400, plugin: 'channel-sms', action: 'send', caseId: 'case-9' });
    expect(error.message).toBe(
      `TP_PLUGIN_FAILED: channel-sms.send for case case-9: TP_PLUGIN_HTTP: POST ${twilio.baseUrl}/2010-04-01/Accounts/${account.accountSid}/Messages.json answered 400: Twilio error 21610: Attempt to send to unsubscribed recipient`,
    );
  });

  it('reports a wrong auth token as a 401 without repeating it', async () => {
    const error = await failure(runAction(sms, 'send', message, { connection: connection({ authToken: 'not-the-token' }) }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 401 });
    expect(error.message).toContain('Twilio error 20003: Authentication Error');
    expect(error.message).not.toContain('not-the-token');
  });

  it('says how long to wait after a 429 (Retry-After in seconds or as a date)', async () => {
    twilio.answerNext({ status: 429, headers: { 'retry-after': '30' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
    const seconds = await failure(runAction(sms, 'send', message, { connection: connection() }));
    expect(seconds).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 429, retryAfterMs: 30_000 });
    expect(seconds.message).toMatch(/answered 429: Twilio error 20429: Too Many Requests; retry after 30 s$/);

    const now = new Date('2026-05-04T08:00:00Z');
    twilio.answerNext({ status: 429, headers: { 'retry-after': 'Mon, 04 May 2026 08:02:00 GMT' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
    const date = await failure(runAction(sms, 'send', message, { connection: connection(), clock: { now: () => now } }));
    expect(date.message).toMatch(/retry after 120 s$/);
  });

  it('reports a 500 with whatever body came back', async () => {
    twilio.answerNext({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html>Internal Server Error</html>' });
    const error = await failure(runAction(sms, 'send', message, { connection: connection() }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 500 });
    expect(error.message).toMatch(/answered 500: <html>Internal Server Error<\/html>$/);
  });

  it('reports an unreachable API as TP_PLUGIN_HTTP without a status', async () => {
    const port = await closedPort();
    const error = await failure(runAction(sms, 'send', message, { connection: connection({ baseUrl: `http://127.0.0.1:${port}` }) }));
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`TP_PLUGIN_HTTP: POST http://127.0.0.1:${port}/2010-04-01/Accounts/${account.accountSid}/Messages.json: fetch failed`);
  });

  it('runs through the plugin host the runtime uses', async () => {
    const host = createPluginHost({ plugins: [sms], connections: async () => connection(), logger: () => undefined });
    const output = await host.invoke({
      tenantId: 't-1',
      caseId: 'case-2',
      nodeId: 'csat',
      plugin: 'channel-sms',
      action: 'send',
      input: { to: '+14155550100', text: 'How satisfied are you? Reply 1-5.', locale: 'en', template: 'csat' },
      idempotencyKey: 'case-2/csat/1/send',
      attempt: 1,
      signal: new AbortController().signal,
    });
    expect(output).toMatchObject({ status: 'queued' });
    expect(twilio.received.at(-1)!.headers['i-twilio-idempotency-token']).toBe('case-2/csat/1/send');
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
