import { describe, expect, it } from 'vitest';
import { createPluginHost, defineTrigger, definePlugin, hmacSha256Hex, PluginError, runTrigger } from '../src/index.ts';
import { sms, smsConnection } from './fixtures.ts';

const body = JSON.stringify({ from: '+8613800000000', text: '我要改签', conversation: 'conv-42' });
const signed = (raw: string) => ({ body: raw, headers: { 'X-Signature': hmacSha256Hex(smsConnection.signingSecret, raw) } });

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('triggers', () => {
  it('verify the signature, then parse the webhook into case events', async () => {
    expect(await runTrigger(sms, 'inbound', signed(body), { connection: smsConnection })).toEqual([
      { name: 'customer.message', data: { text: '我要改签', from: '+8613800000000' }, customerRef: '+8613800000000', caseRef: 'conv-42' },
    ]);
    const fresh = JSON.stringify({ from: '+1', text: 'hello' });
    expect(await runTrigger(sms, 'inbound', { ...signed(fresh), body: Buffer.from(fresh) }, { connection: smsConnection })).toEqual([
      { name: 'customer.message', data: { text: 'hello', from: '+1' }, customerRef: '+1', start: true },
    ]);
  });

  it('refuse a bad signature with TP_PLUGIN_SIGNATURE_INVALID', async () => {
    const error = await failure(runTrigger(sms, 'inbound', { body, headers: { 'x-signature': 'forged' } }, { connection: smsConnection }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', plugin: 'channel-sms', action: 'inbound' });
    expect(error.message).toBe('TP_PLUGIN_SIGNATURE_INVALID: channel-sms.inbound: the webhook signature does not verify');
    expect((await failure(runTrigger(sms, 'inbound', { body }, { connection: smsConnection }))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuse a payload that does not parse with TP_PLUGIN_PAYLOAD_INVALID', async () => {
    const notJson = await failure(runTrigger(sms, 'inbound', signed('{oops'), { connection: smsConnection }));
    expect(notJson).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', plugin: 'channel-sms', action: 'inbound' });
    expect(notJson.message).toMatch(/^TP_PLUGIN_PAYLOAD_INVALID: channel-sms\.inbound: the body is not JSON/);
    const wrongShape = await failure(runTrigger(sms, 'inbound', signed('{"hello":1}'), { connection: smsConnection }));
    expect(wrongShape.message).toContain('not an SMS delivery');
  });

  it('check the events a trigger produces', async () => {
    const sloppy = definePlugin({
      id: 'sloppy',
      version: '1.0.0',
      kind: 'other',
      actions: {},
      triggers: {
        hook: defineTrigger({ verify: () => true, parse: () => [{ name: 'Customer Message', data: {} }, { name: 'ok', data: [] as unknown as Record<string, unknown> }] }),
        boom: defineTrigger({
          verify: () => {
            throw new Error('verify crashed');
          },
          parse: () => [],
        }),
      },
      editor: { label: { 'zh-CN': '草率', en: 'Sloppy' } },
    });
    const error = await failure(runTrigger(sloppy, 'hook', { body: '{}' }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_OUTPUT_INVALID', plugin: 'sloppy', action: 'hook' });
    expect(error.problems.map((problem) => problem.path)).toEqual(['0.name', '1.data']);
    expect(await failure(runTrigger(sloppy, 'boom', { body: '{}' }))).toMatchObject({ code: 'TP_PLUGIN_FAILED', detail: 'verify crashed' });
  });

  it('run through the host with the connection of the tenant the webhook belongs to', async () => {
    const host = createPluginHost({ plugins: [sms] });
    const request = { method: 'post', url: 'https://touchpoint.test/webhooks/channel-sms/inbound', ...signed(body) };
    expect(await host.handleWebhook({ plugin: 'channel-sms', trigger: 'inbound', request, connection: smsConnection })).toHaveLength(1);
    expect(await failure(host.handleWebhook({ plugin: 'channel-sms', trigger: 'outbound', request, connection: smsConnection }))).toMatchObject({
      code: 'TP_PLUGIN_UNKNOWN',
      message: 'TP_PLUGIN_UNKNOWN: channel-sms.outbound: plugin "channel-sms" has no trigger "outbound" (it has: inbound)',
    });
    expect((await failure(host.handleWebhook({ plugin: 'channel-sms', trigger: 'inbound', request, connection: {} }))).code).toBe('TP_PLUGIN_CONNECTION_INVALID');
  });
});
