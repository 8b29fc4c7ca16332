import { createHmac } from 'node:crypto';
import { bodyJson, defineAction, definePlugin, defineTrigger, header, hmacSha256Hex, safeEqual, secret, SendInput } from '@touchpoint/plugin-sdk';
import sms from '@touchpoint/plugin-channel-sms';
import faq from '@touchpoint/plugin-kb-faq';
import stripe from '@touchpoint/plugin-payment-stripe';
import { ManualClock, Runtime, Worker } from '@touchpoint/runtime';
import { migrationLevel } from '@touchpoint/store';
import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChangeHub, createApp, createToken, pluginHostFor } from '../src/index.ts';
import { template } from './setup.ts';

const targets = await databaseTargets();

/** A small but real channel plugin: messages signed with HMAC-SHA256 of the raw body. */
const Connection = z.object({ signingSecret: secret(z.string().min(8)), sender: z.string().default('touchpoint') });
const chat = definePlugin({
  id: 'channel-chat',
  version: '1.0.0',
  kind: 'channel',
  connection: Connection,
  editor: { label: { 'zh-CN': '聊天', en: 'Chat' } },
  actions: {
    send: defineAction({ connection: Connection, input: SendInput, output: z.object({ ok: z.boolean() }), run: async () => ({ ok: true }) }),
  },
  triggers: {
    // like inbound, but the provider insists on a fixed answer (as WeChat does with "success")
    quiet: defineTrigger({
      connection: Connection,
      reply: { contentType: 'text/plain; charset=utf-8', body: 'success' },
      verify: (request, ctx) => safeEqual(header(request, 'x-signature') ?? '', hmacSha256Hex(ctx.connection.signingSecret, request.body)),
      parse: (request) => ({ name: 'customer.message', data: { text: String((bodyJson(request) as { text: unknown }).text) }, customerRef: 'quiet-customer', start: true }),
    }),
    inbound: defineTrigger({
      connection: Connection,
      verify: (request, ctx) => safeEqual(header(request, 'x-signature') ?? '', hmacSha256Hex(ctx.connection.signingSecret, request.body)),
      parse(request) {
        const body = z.object({ from: z.string(), text: z.string() }).parse(bodyJson(request));
        const events: Array<{ name: string; data: Record<string, unknown>; customerRef: string; start?: boolean }> = [{ name: 'customer.message', data: { text: body.text }, customerRef: body.from, start: true }];
        if (/^\d+$/.test(body.text.trim())) events.push({ name: 'survey.answered', data: { score: Number(body.text) }, customerRef: body.from });
        return events;
      },
    }),
  },
});

const SECRET = 'whsec-0123456789';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

describe.each(targets)('plugin connections and webhooks on $name', (target) => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let worker: Worker;
  let token: string;
  const tenantId = `hooks-${Math.random().toString(36).slice(2, 8)}`;
  const key = Buffer.alloc(32, 7);

  beforeAll(async () => {
    t = await target.open();
    const host = pluginHostFor({ db: t.db, plugins: [chat, sms, stripe, faq], secretKey: key });
    const runtime = new Runtime({ db: t.db, clock: new ManualClock('2026-11-24T02:00:00Z'), plugins: host });
    worker = new Worker(runtime);
    app = createApp({ db: t.db, runtime, hub: new ChangeHub(), database: { kind: t.kind, migration: () => migrationLevel(t.db) }, plugins: host, secretKey: key, webhookRate: 5 });
    await t.db.insertInto('tenants').values({ id: tenantId, name: 'Hooks' }).execute();
    token = (await createToken(t.db, { tenantId, name: 'admin', role: 'admin' })).token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await app.request('/api/v1/blueprints', { method: 'POST', headers: auth, body: JSON.stringify({ document: template() }) });
    const version: any = await (await app.request('/api/v1/blueprints/worry-free-rebooking/publish', { method: 'POST', headers: auth })).json();
    await app.request('/api/v1/deployments', { method: 'POST', headers: auth, body: JSON.stringify({ versionId: version.id, name: 'prod' }) });
  });
  afterAll(() => t?.close());

  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  /** Posts a webhook, signed correctly unless a signature (or `null` for none) is given. */
  const hook = (body: string, signature: string | null = sign(body), path = `/api/v1/webhooks/${tenantId}/channel-chat/inbound`) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-signature': signature }) }, body });
  const cases = () => t.db.selectFrom('cases').select(['id', 'customer_id', 'status']).where('tenant_id', '=', tenantId).execute();

  it('checks a connection against the plugin\'s schema, encrypts its secrets and never returns them', async () => {
    const invalid = await call('PUT', '/api/v1/connections/channel-chat', { config: { signingSecret: 'short' } });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as any).errors).toEqual([expect.objectContaining({ path: 'signingSecret' })]);
    expect((await call('PUT', '/api/v1/connections/channel-nope', { config: {} })).status).toBe(404);

    const saved = await call('PUT', '/api/v1/connections/channel-chat', { config: { signingSecret: SECRET } });
    expect(saved.status).toBe(200);
    expect(JSON.stringify((await saved.json()) as unknown)).not.toContain(SECRET);
    const listed: any = await (await call('GET', '/api/v1/connections')).json();
    expect(listed.items[0].pluginId).toBe('channel-chat');
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    const row = await t.db.selectFrom('plugin_connections').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.secrets_encrypted).toMatch(/^v1:/);
    expect(((await (await call('GET', '/api/v1/plugins')).json()) as any).items.map((p: { id: string }) => p.id)).toEqual(['channel-chat', 'channel-sms', 'payment-stripe', 'kb-faq']);
  });

  it('records the plugin majors a version was published with, and refuses to deploy it once they no longer match', async () => {
    const published: any = await (await call('GET', '/api/v1/blueprints/worry-free-rebooking/versions')).json();
    const version = await t.db.selectFrom('blueprint_versions').select('document').where('tenant_id', '=', tenantId).where('id', '=', published.items[0].id).executeTakeFirstOrThrow();
    expect((version.document as any).plugins).toEqual({ 'channel-sms': '1', 'payment-stripe': '1', 'kb-faq': '1' });

    const doc = template();
    doc.plugins = { ...doc.plugins, 'payment-stripe': '2' };
    doc.id = 'rebooking-stripe-2';
    await call('POST', '/api/v1/blueprints', { document: doc });
    const refusedPublish = await call('POST', '/api/v1/blueprints/rebooking-stripe-2/publish');
    expect(refusedPublish.status).toBe(422);
    expect(JSON.stringify(await refusedPublish.json())).toContain('payment-stripe 2.x');

    // a version published while payment-stripe 2 was installed (written directly), deployed now
    await t.db.insertInto('blueprint_versions').values({ tenant_id: tenantId, id: 'v-old', blueprint_id: 'worry-free-rebooking', version: 99, content_hash: 'sha256:old', document: doc }).execute();
    const refusedDeploy = await call('POST', '/api/v1/deployments', { versionId: 'v-old', name: 'old' });
    expect(refusedDeploy.status).toBe(422);
    const problem: any = await refusedDeploy.json();
    expect(problem.code).toBe('TP_PLUGIN_INCOMPATIBLE');
    expect(problem.detail).toContain('payment-stripe');
  });

  it('refuses unsigned and wrongly signed webhooks with 401 and starts nothing', async () => {
    const body = JSON.stringify({ from: '+8613800000009', text: '我要改签' });
    expect((await hook(body, null)).status).toBe(401);
    expect((await hook(body, sign('something else'))).status).toBe(401);
    expect((await hook('{not json', sign('{not json'))).status).toBe(400);
    expect((await hook(body, sign(body), `/api/v1/webhooks/nobody/channel-chat/inbound`)).status).toBe(404);
    expect((await hook(body, sign(body), `/api/v1/webhooks/${tenantId}/channel-chat/outbound`)).status).toBe(404);
    expect(await cases()).toEqual([]);
  });

  it('opens a case for a new request, and routes the customer\'s survey reply to it', async () => {
    const first = await hook(JSON.stringify({ from: '+8613800000009', text: '我要改签，订单 T-1001' }));
    expect(first.status).toBe(200);
    const { deliveries } = (await first.json()) as any;
    expect(deliveries).toEqual([expect.objectContaining({ event: 'customer.message', outcome: 'started' })]);
    const [opened] = await cases();
    const customer = await t.db.selectFrom('customers').select('data').where('tenant_id', '=', tenantId).where('id', '=', opened!.customer_id!).executeTakeFirstOrThrow();
    expect(customer.data).toEqual({ addresses: { 'channel-chat': '+8613800000009' } });
    await worker.drain();

    // the agent finishes; the customer then answers the survey with a plain "5"
    const task = await t.db.selectFrom('tasks').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    await call('POST', `/api/v1/tasks/${task.id}/complete`, { data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 } });
    await worker.drain();
    const reply: any = await (await hook(JSON.stringify({ from: '+8613800000009', text: '5' }))).json();
    expect(reply.deliveries).toEqual([{ event: 'survey.answered', caseId: opened!.id, outcome: 'delivered' }]);
    const done: any = await (await call('GET', `/api/v1/cases/${opened!.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', outcome: 'resolved' });
    // a score is not a second contact: first-contact resolution holds
    expect(done.timeline.find((e: { type: string }) => e.type === 'case.completed').data.firstContact).toBe(true);
  });

  it('answers a provider\'s signed URL check (echostr) and refuses an unsigned one', async () => {
    const url = `/api/v1/webhooks/${tenantId}/channel-chat/inbound?echostr=hello-42`;
    const signed = await app.request(url, { headers: { 'x-signature': sign('') } });
    expect([signed.status, await signed.text()]).toEqual([200, 'hello-42']);
    expect((await app.request(url, { headers: { 'x-signature': 'nope' } })).status).toBe(401);
    expect((await app.request(`/api/v1/webhooks/${tenantId}/channel-chat/inbound`)).status).toBe(404);
  });

  it('refuses an oversized webhook body before any plugin sees it', async () => {
    const big = JSON.stringify({ from: '+1', text: 'x'.repeat(300 * 1024) });
    const res = await hook(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).code).toBe('TP_PAYLOAD_TOO_LARGE');
  });

  it('answers what the provider insists on, when the trigger says so', async () => {
    const body = JSON.stringify({ text: '订单 T-2002 改签' });
    const res = await hook(body, sign(body), `/api/v1/webhooks/${tenantId}/channel-chat/quiet`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('success');
    const customer = await t.db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where(sql`data->'addresses'->>'channel-chat'`, '=', 'quiet-customer').executeTakeFirst();
    expect(customer).toBeDefined();
  });

  it('limits the rate of webhooks per tenant and plugin, with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await hook('{"from":"+1","text":"x"}', 'bad');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
