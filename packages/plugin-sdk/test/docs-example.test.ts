// The example of docs/plugins.md, kept here so that it stays true: change both together.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  bodyJson,
  defineAction,
  definePlugin,
  defineTrigger,
  header,
  hmacSha256Hex,
  runAction,
  loadPlugin,
  runTrigger,
  safeEqual,
  secretFields,
  secret,
  SendInput,
} from '../src/index.ts';

// --- index.ts of the plugin package ---
const Connection = z.object({
  apiKey: secret(z.string().min(1)).describe('API key from the Acme SMS console'),
  webhookSecret: secret(z.string().min(1)),
  sender: z.string().max(11).default('Touchpoint'),
});

const send = defineAction({
  connection: Connection,
  input: SendInput,
  output: z.object({ messageId: z.string() }),
  editor: { label: { 'zh-CN': '发送短信', en: 'Send an SMS' } },
  async run(ctx, input) {
    if (input.to === undefined) throw new Error('no phone number for this customer');
    const reply = await ctx.http.post(
      'https://api.acme-sms.example/v1/messages',
      { to: input.to, from: ctx.connection.sender, text: input.text },
      { headers: { authorization: `Bearer ${ctx.connection.apiKey}`, 'idempotency-key': ctx.idempotencyKey } },
    );
    const { id } = z.object({ id: z.string() }).parse(reply);
    ctx.logger.info('sms sent', { messageId: id });
    return { messageId: id };
  },
});

const inbound = defineTrigger({
  connection: Connection,
  event: z.object({ text: z.string() }),
  verify: (request, ctx) => safeEqual(header(request, 'x-acme-signature') ?? '', hmacSha256Hex(ctx.connection.webhookSecret, request.body)),
  parse(request) {
    const { from, text } = z.object({ from: z.string(), text: z.string() }).parse(bodyJson(request));
    return { name: 'customer.message', data: { text }, customerRef: from, start: true };
  },
});

const plugin = definePlugin({
  id: 'channel-acme-sms',
  version: '1.0.0',
  kind: 'channel',
  connection: Connection,
  actions: { send },
  triggers: { inbound },
  editor: { icon: 'message', label: { 'zh-CN': 'Acme 短信', en: 'Acme SMS' } },
});
// export default plugin;

// --- index.test.ts of the plugin package ---
const connection = { apiKey: 'test-key', webhookSecret: 'whsec-test' };

describe('channel-acme-sms', () => {
  it('marks its credentials secret in the manifest', () => {
    const { manifest } = loadPlugin(plugin);
    expect(secretFields(manifest.connection)).toEqual(['apiKey', 'webhookSecret']);
    expect(manifest.connection.properties).toMatchObject({ apiKey: { description: 'API key from the Acme SMS console', writeOnly: true } });
  });

  it('sends with the idempotency key', async () => {
    const requests: Request[] = [];
    const output = await runAction(plugin, 'send', { to: '+8613800000000', text: '您好', locale: 'zh-CN', template: 'ack' }, {
      connection,
      idempotencyKey: 'case-1/ack/1/send',
      fetch: async (url, init) => {
        requests.push(new Request(url, init));
        return Response.json({ id: 'msg-1' });
      },
    });
    expect(output).toEqual({ messageId: 'msg-1' });
    expect(requests[0]!.headers.get('idempotency-key')).toBe('case-1/ack/1/send');
  });

  it('turns a signed webhook into a customer message', async () => {
    const body = JSON.stringify({ from: '+8613800000000', text: '我要改签' });
    const events = await runTrigger(plugin, 'inbound', { body, headers: { 'x-acme-signature': hmacSha256Hex('whsec-test', body) } }, { connection });
    expect(events).toEqual([{ name: 'customer.message', data: { text: '我要改签' }, customerRef: '+8613800000000', start: true }]);
  });

  it('fails the step, not the runtime, when the customer has no number', async () => {
    await expect(runAction(plugin, 'send', { text: 'hi', locale: 'en', template: 'ack' }, { connection })).rejects.toThrow(
      'TP_PLUGIN_FAILED: channel-acme-sms.send for case test-case: no phone number for this customer',
    );
  });
});
