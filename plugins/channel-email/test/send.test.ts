import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { createPluginHost, loadPlugin, PluginError, runAction, secretFields, type LogEntry } from '@touchpoint/plugin-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.ts';
import { decodeWords, findPart, headerOf, parseMime } from './mime.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

const user = 'tp-mailer';
const password = 'S3cret-pa55!word';
const zhText = '王女士您好：\n您的改签申请已受理，新航班 MU5101 于 3 月 8 日 08:00 起飞。\n如有疑问请直接回复本邮件。';
const fixedClock = { now: () => new Date('2031-03-07T02:00:00Z') };

let servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function smtp(options: Partial<Parameters<typeof startSmtpServer>[0]> = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer({ user, password, ...options });
  servers.push(server);
  return server;
}

const connectionFor = (port: number, overrides: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  secure: false,
  requireTls: false,
  user,
  password,
  from: 'service@acme.example',
  fromName: 'Acme 客服',
  replyTo: 'help@acme.example',
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('channel-email send, against a real SMTP server', () => {
  it('delivers the rendered zh-CN text with an HTML alternative, subject, addresses and the idempotency key', async () => {
    const server = await smtp();
    const logs: LogEntry[] = [];
    const output = await runAction(
      plugin,
      'send',
      { to: 'wang.li@example.cn', text: zhText, subject: '改签成功：MU5101', locale: 'zh-CN', template: 'rebook-ok' },
      { connection: connectionFor(server.port), idempotencyKey: 'case-42/notify/1/send', tenantId: 'tenant-a', caseId: 'case-42', clock: fixedClock, logger: (entry) => logs.push(entry) },
    );

    expect(output.accepted).toEqual(['wang.li@example.cn']);
    expect(output.messageId).toMatch(/^<tp\.[0-9a-f]{32}@acme\.example>$/);
    expect(server.logins).toEqual([expect.objectContaining({ username: user, password })]);
    expect(server.delivered).toHaveLength(1);
    const [delivered] = server.delivered;
    expect(delivered!.user).toBe(user);
    expect(delivered!.mailFrom).toBe('service@acme.example');
    expect(delivered!.rcptTo).toEqual(['wang.li@example.cn']);

    const message = parseMime(delivered!.raw);
    expect(headerOf(message, 'subject')).toBe('改签成功：MU5101');
    expect(headerOf(message, 'from')).toBe('Acme 客服 <service@acme.example>');
    expect(headerOf(message, 'to')).toBe('wang.li@example.cn');
    expect(headerOf(message, 'reply-to')).toBe('help@acme.example');
    expect(headerOf(message, 'x-touchpoint-idempotency-key')).toBe('case-42/notify/1/send');
    expect(headerOf(message, 'message-id')).toBe(output.messageId);
    expect(new Date(headerOf(message, 'date')!).toISOString()).toBe('2031-03-07T02:00:00.000Z');
    expect(headerOf(message, 'content-type')).toMatch(/^multipart\/alternative/);

    const text = findPart(message, 'text/plain');
    expect(headerOf(text!, 'content-type')).toMatch(/charset=utf-8/i);
    expect(text!.body.replace(/\r\n/g, '\n')).toBe(zhText);
    const html = findPart(message, 'text/html')!.body.replace(/\r\n/g, '\n'); // SMTP carries CRLF
    expect(html).toContain('<body>\n王女士您好：<br>\n您的改签申请已受理，新航班 MU5101 于 3 月 8 日 08:00 起飞。<br>\n如有疑问请直接回复本邮件。\n</body>');
    expect(html).toContain('<html lang="zh-CN">');

    expect(logs.map((entry) => entry.message)).toEqual(['email sent']);
    expect(JSON.stringify(logs)).not.toContain(password);
  });

  it('gives a retry of the same step the same Message-ID, and another step another one', async () => {
    const server = await smtp();
    const input = { to: 'a@example.com', text: 'Your refund is on its way.', locale: 'en' as const, template: 'refund' };
    const connection = connectionFor(server.port);
    const first = await runAction(plugin, 'send', input, { connection, idempotencyKey: 'case-1/n1/1/send', attempt: 1 });
    const retry = await runAction(plugin, 'send', input, { connection, idempotencyKey: 'case-1/n1/1/send', attempt: 2 });
    const other = await runAction(plugin, 'send', input, { connection, idempotencyKey: 'case-1/n1/2/send' });
    const otherTenant = await runAction(plugin, 'send', input, { connection, idempotencyKey: 'case-1/n1/1/send', tenantId: 'tenant-b' });

    expect(retry.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(otherTenant.messageId).not.toBe(first.messageId);
    const ids = server.delivered.map((delivered) => headerOf(parseMime(delivered.raw), 'message-id'));
    expect(ids).toEqual([first.messageId, first.messageId, other.messageId, otherTenant.messageId]);
  });

  it('uses a default subject in the case locale when the template has none', async () => {
    const server = await smtp();
    const connection = connectionFor(server.port);
    await runAction(plugin, 'send', { to: 'a@example.com', text: '您好', locale: 'zh-CN', template: 't' }, { connection });
    await runAction(plugin, 'send', { to: 'a@example.com', text: 'Hello', locale: 'en', template: 't' }, { connection });
    await runAction(plugin, 'send', { to: 'a@example.com', text: 'Hello', subject: '   ', locale: 'en', template: 't' }, { connection });
    expect(server.delivered.map((delivered) => headerOf(parseMime(delivered.raw), 'subject'))).toEqual(['您有一条新消息', 'You have a new message', 'You have a new message']);
  });

  it('escapes the text in the HTML alternative, so customer data cannot become markup', async () => {
    const server = await smtp();
    const text = 'Order <script>alert("x")</script> & co\'s\r\nline two';
    await runAction(plugin, 'send', { to: 'a@example.com', text, locale: 'en', template: 't' }, { connection: connectionFor(server.port) });
    const message = parseMime(server.delivered[0]!.raw);
    const html = findPart(message, 'text/html')!.body.replace(/\r\n/g, '\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Order &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co&#39;s<br>\nline two');
    expect(findPart(message, 'text/plain')!.body).toBe(text);
  });

  it('fails with a coded error and delivers nothing when the password is wrong', async () => {
    const server = await smtp();
    const error = await failure(
      runAction(plugin, 'send', { to: 'a@example.com', text: '您好', locale: 'zh-CN', template: 't' }, { connection: connectionFor(server.port, { password: 'wrong-password' }) }),
    );
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.message).toMatch(/^TP_PLUGIN_FAILED: channel-email\.send for case test-case: TP_PLUGIN_CONNECTION_INVALID: the SMTP server 127\.0\.0\.1:\d+ refused the login of "tp-mailer": .*535.*check the user and password/);
    expect(error.message).not.toContain('wrong-password');
    expect(server.logins.map((login) => login.password)).toEqual(['wrong-password']);
    expect(server.delivered).toEqual([]);
  });

  it('reports a recipient the server rejects with 550 as permanent, and delivers nothing', async () => {
    const server = await smtp({ rejectRecipient: { code: 550, message: '5.1.1 Mailbox does not exist' } });
    const error = await failure(runAction(plugin, 'send', { to: 'nobody@example.com', text: 'hi', locale: 'en', template: 't' }, { connection: connectionFor(server.port) }));
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.message).toContain('rejected the recipient: 550 5.1.1 Mailbox does not exist');
    expect(error.message).toContain('permanent rejection: retrying will not help');
    expect(error.status).toBeUndefined(); // SMTP codes are not HTTP statuses
    expect(server.delivered).toEqual([]);
  });

  it('reports a 450 (mailbox busy) as temporary', async () => {
    const server = await smtp({ rejectRecipient: { code: 450, message: '4.2.1 Mailbox busy, try later' } });
    const error = await failure(runAction(plugin, 'send', { to: 'busy@example.com', text: 'hi', locale: 'en', template: 't' }, { connection: connectionFor(server.port) }));
    expect(error.message).toContain('rejected the recipient: 450 4.2.1 Mailbox busy, try later (temporary: a retry may succeed)');
    expect(server.delivered).toEqual([]);
  });

  it('fails quickly with a coded error when the server is down', async () => {
    // A port that was just free: bind, read it, close.
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const started = Date.now();
    const error = await failure(runAction(plugin, 'send', { to: 'a@example.com', text: 'hi', locale: 'en', template: 't' }, { connection: connectionFor(port) }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.message).toContain(`could not talk to the SMTP server 127.0.0.1:${port} (ECONNREFUSED`);
    expect(error.message).toContain('a retry may succeed');
  });

  it('refuses to log in without TLS when requireTls is on (the default), so the password is never sent', async () => {
    const server = await smtp();
    const { requireTls: _dropped, ...withoutRequireTls } = connectionFor(server.port);
    const error = await failure(runAction(plugin, 'send', { to: 'a@example.com', text: 'hi', locale: 'en', template: 't' }, { connection: withoutRequireTls }));
    expect(error.code).toBe('TP_PLUGIN_FAILED');
    expect(error.message).toMatch(/TP_PLUGIN_CONNECTION_INVALID: no TLS with the SMTP server 127\.0\.0\.1:\d+/);
    expect(server.logins).toEqual([]);
    expect(server.delivered).toEqual([]);
  });

  it('stops talking to a server that hangs when the call is aborted', async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('close', () => closed++);
    }); // accepts, never greets
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const started = Date.now();
      const error = await failure(
        runAction(plugin, 'send', { to: 'a@example.com', text: 'hi', locale: 'en', template: 't' }, { connection: connectionFor(port), signal: controller.signal }),
      );
      expect(error.code).toBe('TP_PLUGIN_ABORTED');
      expect(Date.now() - started).toBeLessThan(2_000);
      // nodemailer got the signal too: it closes the socket instead of waiting out its greeting timeout.
      await expect.poll(() => closed, { timeout: 2_000 }).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses input without an email address before connecting', async () => {
    const server = await smtp();
    const connection = connectionFor(server.port);
    const missing = await failure(runAction(plugin, 'send', { text: 'hi', locale: 'en', template: 't' } as never, { connection }));
    expect(missing.code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect(missing.problems.map((problem) => problem.path)).toEqual(['to']);
    const phone = await failure(runAction(plugin, 'send', { to: '+8613800000000', text: 'hi', locale: 'en', template: 't' }, { connection }));
    expect(phone.code).toBe('TP_PLUGIN_INPUT_INVALID');
    expect(server.logins).toEqual([]);
  });

  it('accepts an address at a punycode domain (.中国 is .xn--fiqs8s)', async () => {
    const server = await smtp();
    const output = await runAction(plugin, 'send', { to: 'li@example.xn--fiqs8s', text: '您好', locale: 'zh-CN', template: 't' }, { connection: connectionFor(server.port) });
    expect(output.accepted).toEqual(['li@example.xn--fiqs8s']);
    expect(server.delivered[0]!.rcptTo).toEqual(['li@example.中国']); // smtp-server shows the domain decoded
  });

  it('runs through the plugin host as the runtime calls it', async () => {
    const server = await smtp();
    const host = createPluginHost({
      plugins: [plugin],
      connections: async (tenantId, pluginId) => (tenantId === 't1' && pluginId === 'channel-email' ? connectionFor(server.port) : undefined),
      logger: () => undefined,
      clock: fixedClock,
    });
    const output = await host.invoke({
      tenantId: 't1',
      caseId: 'case-9',
      nodeId: 'ack',
      plugin: 'channel-email',
      action: 'send',
      input: { to: 'li@example.cn', text: '已收到您的反馈。', subject: '反馈已收到', locale: 'zh-CN', template: 'ack' },
      idempotencyKey: 'case-9/ack/1/send',
      attempt: 1,
      signal: new AbortController().signal,
    });
    expect(output).toEqual({ messageId: expect.stringMatching(/^<tp\.[0-9a-f]{32}@acme\.example>$/), accepted: ['li@example.cn'] });
    const message = parseMime(server.delivered[0]!.raw);
    expect(headerOf(message, 'x-touchpoint-idempotency-key')).toBe('case-9/ack/1/send');
    expect(findPart(message, 'text/plain')!.body).toBe('已收到您的反馈。');

    const wrong = createPluginHost({ plugins: [plugin], connections: async () => connectionFor(server.port, { password: 'nope' }), logger: () => undefined });
    const error = await failure(
      wrong.invoke({ tenantId: 't1', caseId: 'case-9', nodeId: 'ack', plugin: 'channel-email', action: 'send', input: { to: 'li@example.cn', text: 'x', locale: 'zh-CN', template: 'ack' }, idempotencyKey: 'k', attempt: 1, signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', plugin: 'channel-email', action: 'send', caseId: 'case-9' });
    expect(server.delivered).toHaveLength(1);
  });

  it('installs with the password marked secret and labels in both locales', () => {
    const { manifest } = loadPlugin(plugin);
    expect(secretFields(manifest.connection)).toEqual(['password']);
    expect(manifest.editor).toMatchObject({ icon: 'mail', label: { 'zh-CN': '邮件', en: 'Email' } });
  });
});

describe('the test MIME reader', () => {
  it('decodes encoded words, including a character split across two of them', () => {
    expect(decodeWords('=?UTF-8?B?5oKo5aW9?=')).toBe('您好');
    // 您 is E6 82 A8: split between two Q-encoded words.
    expect(decodeWords('=?UTF-8?Q?=E6=82?= =?UTF-8?Q?=A8_x?=')).toBe('您 x');
    expect(decodeWords('plain')).toBe('plain');
  });
});
