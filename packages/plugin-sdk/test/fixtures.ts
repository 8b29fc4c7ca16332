import { z } from 'zod';
import { bodyJson, defineAction, definePlugin, defineTrigger, header, hmacSha256Hex, PluginError, safeEqual, secret, SendInput } from '../src/index.ts';

/** A channel plugin as a provider SDK would be wrapped: send through HTTP, inbound webhooks signed with HMAC. */
export const SmsConnection = z.object({
  apiKey: secret(z.string().min(8)),
  signingSecret: secret(z.string().min(8)),
  sender: z.string().default('Touchpoint'),
});

const send = defineAction({
  connection: SmsConnection,
  input: SendInput,
  output: z.object({ messageId: z.string(), segments: z.number().int().positive() }),
  editor: { label: { 'zh-CN': '发送短信', en: 'Send an SMS' } },
  async run(ctx, input) {
    ctx.logger.info('sending', { to: input.to, key: ctx.connection.apiKey });
    const reply = z.object({ id: z.string() }).parse(
      await ctx.http.post('https://sms.example.test/messages', { to: input.to, from: ctx.connection.sender, body: input.text }, {
        headers: { authorization: `Bearer ${ctx.connection.apiKey}`, 'idempotency-key': ctx.idempotencyKey },
      }),
    );
    return { messageId: reply.id, segments: Math.max(1, Math.ceil(input.text.length / 70)) };
  },
});

const inbound = defineTrigger({
  connection: SmsConnection,
  event: z.object({ text: z.string(), from: z.string() }),
  verify(request, ctx) {
    const signature = header(request, 'x-signature');
    return signature !== undefined && safeEqual(signature, hmacSha256Hex(ctx.connection.signingSecret, request.body));
  },
  parse(request) {
    const body = z.object({ from: z.string(), text: z.string(), conversation: z.string().optional() }).safeParse(bodyJson(request));
    if (!body.success) throw new PluginError({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: `not an SMS delivery: ${body.error.issues[0]?.message}` });
    return {
      name: 'customer.message',
      data: { text: body.data.text, from: body.data.from },
      customerRef: body.data.from,
      ...(body.data.conversation === undefined ? { start: true } : { caseRef: body.data.conversation }),
    };
  },
});

export const sms = definePlugin({
  id: 'channel-sms',
  version: '1.2.0',
  kind: 'channel',
  connection: SmsConnection,
  actions: { send },
  triggers: { inbound },
  editor: { icon: 'message', label: { 'zh-CN': '短信', en: 'SMS' }, description: { 'zh-CN': '通过短信联系客户。', en: 'Reach customers by SMS.' } },
});

export const smsConnection = { apiKey: 'sk_live_SUPERSECRET', signingSecret: 'whsec_SIGNING123', sender: 'Acme' };

/** A payment plugin whose action the worry-free rebooking template uses. */
export const stripe = definePlugin({
  id: 'payment-stripe',
  version: '1.0.3',
  kind: 'payment',
  connection: z.object({ secretKey: secret(z.string().startsWith('sk_')) }),
  actions: {
    createPaymentLink: defineAction({
      input: z.object({ amount: z.number().positive(), currency: z.string().regex(/^[A-Z]{3}$/), description: z.string().max(200).optional() }),
      output: z.object({ url: z.url(), expiresAt: z.iso.datetime() }),
      run: (ctx, input) => ({ url: `https://pay.example.test/${ctx.idempotencyKey}?amount=${input.amount}`, expiresAt: new Date(ctx.clock.now().getTime() + 3_600_000).toISOString() }),
    }),
  },
  triggers: {
    webhook: defineTrigger({ verify: () => true, parse: () => [] }),
  },
  editor: { icon: 'credit-card', label: { 'zh-CN': '支付', en: 'Payments' } },
});

/** Every way an action can misbehave. */
export const faulty = definePlugin({
  id: 'faulty',
  version: '0.1.0',
  kind: 'other',
  connection: z.object({ token: secret(z.string()).optional() }),
  actions: {
    throws: defineAction({
      input: z.object({}),
      output: z.object({}),
      run: (ctx) => {
        throw new Error(`provider exploded while using ${String(ctx.connection.token)}`);
      },
    }),
    hangs: defineAction({
      input: z.object({}),
      output: z.object({}),
      run: () => new Promise<Record<string, never>>(() => undefined),
    }),
    badOutput: defineAction({
      input: z.object({}),
      output: z.object({ id: z.string(), total: z.number() }),
      // Wrong on purpose: the output schema is what the runtime relies on.
      run: () => ({ id: 42, total: 'lots' }) as unknown as { id: string; total: number },
    }),
    strict: defineAction({
      input: z.object({ orderId: z.string().regex(/^A-\d+$/), quantity: z.number().int().min(1) }),
      output: z.object({ ok: z.boolean() }),
      run: () => ({ ok: true }),
    }),
    callsHttp: defineAction({
      input: z.object({ url: z.string() }),
      output: z.object({ body: z.unknown() }),
      run: async (ctx, input) => ({ body: await ctx.http.get(input.url, { query: { key: ctx.connection.token } }) }),
    }),
  },
  editor: { label: { 'zh-CN': '故障插件', en: 'Faulty' } },
});
