import { invokeWithTimeout, PluginCallError, type PluginCall } from '@touchpoint/runtime';
import { describe, expect, it } from 'vitest';
import { createPluginHost, PluginError, type LogEntry } from '../src/index.ts';
import { faulty, sms, smsConnection, stripe } from './fixtures.ts';

const call = (plugin: string, action: string, input: Record<string, unknown> = {}): Omit<PluginCall, 'signal'> => ({
  tenantId: 't1',
  caseId: 'case-7',
  nodeId: 'n1',
  plugin,
  action,
  input,
  idempotencyKey: `case-7/n1/1/${action}`,
  attempt: 1,
});
const withSignal = (partial: Omit<PluginCall, 'signal'>, signal = new AbortController().signal): PluginCall => ({ ...partial, signal });

function host(logs: LogEntry[] = []) {
  return createPluginHost({
    plugins: [sms, stripe, faulty],
    connections: async (_tenant, plugin) => (plugin === 'channel-sms' ? smsConnection : plugin === 'payment-stripe' ? { secretKey: 'sk_test_1' } : { token: 'tok_SECRET_99' }),
    logger: (entry) => logs.push(entry),
    fetch: async () => Response.json({ id: 'msg-1' }),
  });
}

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('the plugin host', () => {
  it('runs an action with checked input and output', async () => {
    const output = await host().invoke(withSignal(call('channel-sms', 'send', { to: '+8613800000000', text: '您好', locale: 'zh-CN', template: 'ack' })));
    expect(output).toEqual({ messageId: 'msg-1', segments: 1 });
  });

  it('names plugin and action when either is unknown', async () => {
    const noPlugin = await failure(host().invoke(withSignal(call('crm-nope', 'update'))));
    expect(noPlugin).toMatchObject({ code: 'TP_PLUGIN_UNKNOWN', plugin: 'crm-nope', action: 'update', caseId: 'case-7' });
    expect(noPlugin.message).toContain('installed: channel-sms, payment-stripe, faulty');
    const noAction = await failure(host().invoke(withSignal(call('channel-sms', 'fax'))));
    expect(noAction).toMatchObject({ code: 'TP_PLUGIN_UNKNOWN', plugin: 'channel-sms', action: 'fax' });
    expect(noAction.message).toBe('TP_PLUGIN_UNKNOWN: channel-sms.fax for case case-7: plugin "channel-sms" has no action "fax" (it has: send)');
  });

  it('refuses invalid input with every problem and its path', async () => {
    const error = await failure(host().invoke(withSignal(call('faulty', 'strict', { orderId: 'B7', quantity: 0 }))));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID', plugin: 'faulty', action: 'strict', caseId: 'case-7' });
    expect(error.problems.map((problem) => problem.path)).toEqual(['orderId', 'quantity']);
    expect(error.message).toMatch(/^TP_PLUGIN_INPUT_INVALID: faulty\.strict for case case-7: .*orderId: .*quantity: /);
  });

  it('wraps a throw as TP_PLUGIN_FAILED, with the secret it mentions redacted', async () => {
    const error = await failure(host().invoke(withSignal(call('faulty', 'throws'))));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', plugin: 'faulty', action: 'throws', caseId: 'case-7' });
    expect(error.message).toBe('TP_PLUGIN_FAILED: faulty.throws for case case-7: provider exploded while using [redacted]');
    expect(String((error.cause as Error).stack)).not.toContain('tok_SECRET_99');
  });

  it('refuses output that does not match the output schema', async () => {
    const error = await failure(host().invoke(withSignal(call('faulty', 'badOutput'))));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_OUTPUT_INVALID', plugin: 'faulty', action: 'badOutput', caseId: 'case-7' });
    expect(error.problems.map((problem) => problem.path)).toEqual(['id', 'total']);
  });

  it('lets the runtime time out a plugin that hangs, and lets go of it on abort', async () => {
    const started = Date.now();
    const error = await invokeWithTimeout(host(), call('faulty', 'hangs'), 50).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginCallError);
    expect((error as PluginCallError).code).toBe('TP_PLUGIN_TIMEOUT');
    expect((error as Error).message).toBe('TP_PLUGIN_TIMEOUT: faulty.hangs for case case-7: no answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(2_000);

    const controller = new AbortController();
    const pending = host().invoke(withSignal(call('faulty', 'hangs'), controller.signal));
    controller.abort();
    expect(await failure(pending)).toMatchObject({ code: 'TP_PLUGIN_ABORTED', plugin: 'faulty', action: 'hangs', caseId: 'case-7' });
  });

  it('keeps its own code when it passes through the runtime', async () => {
    const error = await invokeWithTimeout(host(), call('faulty', 'badOutput'), 1_000).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(PluginCallError);
    expect((error as { code: string }).code).toBe('TP_PLUGIN_OUTPUT_INVALID');
    expect((error as Error).message).toMatch(/^TP_PLUGIN_OUTPUT_INVALID: faulty\.badOutput for case case-7/);
  });

  it('refuses a connection that does not match its schema, without echoing it', async () => {
    const broken = createPluginHost({ plugins: [sms], connections: async () => ({ apiKey: 'short', signingSecret: 'whsec_SIGNING123' }) });
    const error = await failure(broken.invoke(withSignal(call('channel-sms', 'send', { text: 'hi', locale: 'en', template: 'ack' }))));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_CONNECTION_INVALID', plugin: 'channel-sms', action: 'send' });
    expect(error.problems.map((problem) => problem.path)).toEqual(['apiKey']);
    expect(error.message).not.toContain('short');
  });

  it('passes the idempotency key and the HTTP status of a failed provider call', async () => {
    const seen: string[] = [];
    const flaky = createPluginHost({
      plugins: [sms],
      connections: async () => smsConnection,
      logger: () => undefined,
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers).get('idempotency-key') ?? '');
        return new Response('upstream down', { status: 503 });
      },
    });
    const error = await failure(flaky.invoke(withSignal(call('channel-sms', 'send', { to: '+1', text: 'hi', locale: 'en', template: 'ack' }))));
    expect(seen).toEqual(['case-7/n1/1/send']);
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 503 });
    expect(error.message).toBe('TP_PLUGIN_FAILED: channel-sms.send for case case-7: TP_PLUGIN_HTTP: POST https://sms.example.test/messages answered 503: upstream down');
  });

  it('logs bound to plugin, case and step, with secrets redacted', async () => {
    const logs: LogEntry[] = [];
    await host(logs).invoke(withSignal(call('channel-sms', 'send', { to: '+1', text: 'hi', locale: 'en', template: 'ack' })));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'info', message: 'sending', plugin: 'channel-sms', action: 'send', tenantId: 't1', caseId: 'case-7', nodeId: 'n1' });
    expect(logs[0]!.fields).toEqual({ to: '+1', key: '[redacted]' });
    expect(JSON.stringify(logs)).not.toContain(smsConnection.apiKey);
  });

  it('refuses two plugins with the same id', () => {
    expect(() => createPluginHost({ plugins: [sms, { ...sms, version: '2.0.0' }] })).toThrow(/TP_PLUGIN_MANIFEST_INVALID: channel-sms: installed twice \(versions 1\.2\.0 and 2\.0\.0\)/);
  });

  it('lists what is installed', () => {
    expect(host().manifests.map((manifest) => `${manifest.id}@${manifest.version}`)).toEqual(['channel-sms@1.2.0', 'payment-stripe@1.0.3', 'faulty@0.1.0']);
  });
});
