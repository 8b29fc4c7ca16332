/**
 * The worry-free rebooking template end to end with its real plugins — channel-sms (Twilio),
 * payment-stripe and kb-faq — over HTTP: provider fakes on loopback that follow Twilio's and
 * Stripe's documented formats and sign their webhooks as they do, the Touchpoint API listening on
 * a real port, and a worker. A question is answered by the bot; a rebooking request goes through an
 * agent, a Stripe payment link paid by the customer, and an SMS survey answer.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import sms from '@touchpoint/plugin-channel-sms';
import faq from '@touchpoint/plugin-kb-faq';
import stripe from '@touchpoint/plugin-payment-stripe';
import { Runtime, Worker } from '@touchpoint/runtime';
import { ChangeHub, createApp, createToken, pluginHostFor } from '@touchpoint/server';
import { migrationLevel } from '@touchpoint/store';
import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../../plugins/payment-stripe/test/fake-stripe.ts';
import { startFakeTwilio, type FakeTwilio } from '../../plugins/channel-sms/test/fake-twilio.ts';

const targets = await databaseTargets();
const template = JSON.parse(readFileSync(fileURLToPath(new URL('../../templates/worry-free-rebooking/blueprint.json', import.meta.url)), 'utf8'));
const twilioAccount = { accountSid: 'ACde0123456789abcdef0123456789abcd', authToken: 'twilio-auth-token-7f3a' };
const stripeAccount = { secretKey: 'sk_test_51Touchpoint0123456789abcdef', webhookSecret: 'whsec_test0123456789abcdefghijklmnop' };
const OUR_NUMBER = '+15005550006';

describe.each(targets)('worry-free rebooking with real plugins on $name', (target) => {
  let t: TestDatabase;
  let server: ServerType;
  let base: string;
  let token: string;
  let worker: Worker;
  let twilio: FakeTwilio;
  let fakeStripe: FakeStripe;
  const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
  const smsHook = () => `${base}/api/v1/webhooks/${tenantId}/channel-sms/inbound`;
  const stripeHook = () => `${base}/api/v1/webhooks/${tenantId}/payment-stripe/webhook`;

  beforeAll(async () => {
    t = await target.open();
    twilio = await startFakeTwilio(twilioAccount);
    fakeStripe = await startFakeStripe(stripeAccount);
    const secretKey = randomBytes(32);
    const plugins = pluginHostFor({ db: t.db, plugins: [sms, stripe, faq], secretKey });
    const hub = new ChangeHub();
    const runtime = new Runtime({ db: t.db, plugins, onChange: (change) => hub.publish(change) });
    worker = new Worker(runtime, { pollMs: 10 });
    const app = createApp({ db: t.db, runtime, hub, plugins, secretKey, database: { kind: t.kind, migration: () => migrationLevel(t.db) } });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    await t.db.insertInto('tenants').values({ id: tenantId, name: 'Happy Travel' }).execute();
    token = (await createToken(t.db, { tenantId, name: 'admin', role: 'admin' })).token;
    expect((await api('POST', '/api/v1/blueprints', { document: template })).status).toBe(201);
    const version = await api('POST', '/api/v1/blueprints/worry-free-rebooking/publish');
    expect((await api('POST', '/api/v1/deployments', { versionId: version.body.id, name: 'production' })).status).toBe(201);
    const connect = async (plugin: string, config: Record<string, unknown>) => expect((await api('PUT', `/api/v1/connections/${plugin}`, { config })).status).toBe(200);
    await connect('channel-sms', { ...twilioAccount, from: OUR_NUMBER, baseUrl: twilio.baseUrl, webhookUrl: smsHook() });
    await connect('payment-stripe', { ...stripeAccount, baseUrl: fakeStripe.baseUrl });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await twilio?.close();
    await fakeStripe?.close();
    await t?.close();
  });

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const textsTo = (phone: string) => [...twilio.messages.values()].filter((m) => m.to === phone).map((m) => String(m.body));
  const customerSays = async (from: string, body: string, sid: string) => {
    const delivered = await twilio.deliverInbound(smsHook(), { AccountSid: twilioAccount.accountSid, MessageSid: sid, From: from, To: OUR_NUMBER, Body: body, NumMedia: '0' });
    expect(delivered.status).toBe(200);
    await worker.drain();
    return JSON.parse(delivered.body) as { deliveries: Array<{ caseId: string; outcome: string; event: string }> };
  };

  it('lets the FAQ bot answer a question by SMS, with no human step', async () => {
    const { deliveries } = await customerSays('+8613800000001', '改签要多少钱？', 'SM0000000000000000000000000000001');
    const caseId = deliveries[0]!.caseId;
    const texts = textsTo('+8613800000001');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('已收到您的改签申请');
    expect(texts[1]).toContain('智能客服');
    const done = await api('GET', `/api/v1/cases/${caseId}`);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'resolved-first-contact' });
    expect(done.body.timeline.some((e: { type: string }) => e.type === 'task.created')).toBe(false);
  });

  it('rebooks a customer: agent SOP, a Stripe payment link paid by the customer, an SMS survey', async () => {
    const customer = '+8613800000002';
    const { deliveries } = await customerSays(customer, '我要改签，订单 T-1001，改到周五', 'SM0000000000000000000000000000002');
    expect(deliveries).toEqual([expect.objectContaining({ event: 'customer.message', outcome: 'started' })]);
    const caseId = deliveries[0]!.caseId;
    expect(textsTo(customer)[0]).toContain('已收到您的改签申请');
    // the idempotency key of the acknowledgement reached Twilio
    expect(twilio.received.find((r) => r.form.get('To') === customer)?.headers['i-twilio-idempotency-token']).toBe(`${caseId}/auto-ack/1/send`);

    const inbox = await api('GET', `/api/v1/tasks?caseId=${encodeURIComponent(caseId)}`);
    const task = inbox.body.items[0];
    expect(task).toMatchObject({ nodeId: 'standard-rebooking', queue: 'rebooking' });
    await api('POST', `/api/v1/tasks/${task.id}/claim`, { assignee: 'agent-zhang' });
    expect((await api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { newDeparture: '2026-12-04T08:00:00+08:00', amountDue: 120 } })).status).toBe(200);
    await worker.drain();

    // a Checkout Session for CNY 120.00, carrying the case id, and its link sent by SMS
    expect(fakeStripe.sessions.size).toBe(1);
    const [session] = [...fakeStripe.sessions.values()];
    expect(session).toMatchObject({ amount_total: 12000, currency: 'cny', metadata: { caseId } });
    const linkText = textsTo(customer).at(-1)!;
    expect(linkText).toContain('120');
    expect(linkText).toContain('https://checkout.stripe.com/c/pay/');
    expect((await api('GET', `/api/v1/cases/${caseId}`)).body.currentNode).toBe('await-payment');

    // the customer pays; Stripe's signed webhooks (both of them, and one retried) resume the case once
    const events = fakeStripe.pay(String(session!.id));
    for (const event of [...events, events[0]!]) expect((await fakeStripe.deliver(stripeHook(), event)).status).toBe(200);
    await worker.drain();
    const afterPayment = await api('GET', `/api/v1/cases/${caseId}`);
    expect(afterPayment.body.currentNode).toBe('csat');
    expect(afterPayment.body.timeline.filter((e: { type: string; data: { name?: string } }) => e.type === 'event.received' && e.data.name === 'payment.captured')).toHaveLength(1);
    expect(textsTo(customer).slice(-2)).toEqual([expect.stringContaining('改签成功'), expect.stringContaining('请为本次改签服务打分')]);

    // a forged payment webhook is refused
    expect((await fakeStripe.deliver(stripeHook(), events[1]!, { secret: 'whsec_forged0000000000000000000000' })).status).toBe(401);

    // the customer answers the survey by SMS
    const answer = await customerSays(customer, '5', 'SM0000000000000000000000000000003');
    expect(answer.deliveries).toEqual([{ event: 'survey.answered', caseId, outcome: 'delivered' }]);
    const done = await api('GET', `/api/v1/cases/${caseId}`);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'resolved' });
    expect(done.body.timeline.find((e: { type: string }) => e.type === 'survey.answered').data).toEqual({ survey: 'csat', score: 5 });
  });

  it('refuses an SMS webhook with a wrong signature, and opens nothing', async () => {
    const before = (await api('GET', '/api/v1/cases')).body.items.length;
    const forged = await fetch(smsHook(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'Zm9yZ2Vk' }, body: 'From=%2B8613800000003&Body=hello&MessageSid=SMx' });
    expect(forged.status).toBe(401);
    expect((await api('GET', '/api/v1/cases')).body.items.length).toBe(before);
  });
});
