import { fileURLToPath, pathToFileURL } from 'node:url';
import { discoverPlugins, type PluginLike } from '@touchpoint/plugin-sdk';
import { ManualClock, Runtime, Worker } from '@touchpoint/runtime';
import { migrationLevel } from '@touchpoint/store';
import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sms from '@touchpoint/plugin-channel-sms';
import faq from '@touchpoint/plugin-kb-faq';
import stripe from '@touchpoint/plugin-payment-stripe';
import { ChangeHub, createApp, createToken, pluginHostFor, type ServerDeps } from '../src/index.ts';
import { template } from './setup.ts';

const targets = await databaseTargets();

/**
 * The real channel-webchat plugin, found the way `touchpoint start` finds plugins (the server does
 * not depend on it): its `send` publishes to its outbox, which the app streams from.
 */
const pluginDir = fileURLToPath(new URL('../../../plugins/channel-webchat', import.meta.url));
const { plugins: found, problems } = await discoverPlugins(pluginDir);
const entry = found.find((p) => p.manifest.id === 'channel-webchat')?.entry;
if (!entry) throw new Error(`channel-webchat not discovered: ${JSON.stringify(problems)}`);
const webchat = (await import(pathToFileURL(entry).href)) as { default: PluginLike; webchatOutbox: NonNullable<ServerDeps['webchat']> & { publish(tenantId: string, visitorId: string, message: { text: string }): { message: { id: number } } }; widgetSource: () => string };

interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** Reads SSE events from a streaming response until `enough` says so (or fails after a while). */
function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: SseEvent[] = [];
  return {
    events,
    async until(enough: (events: SseEvent[]) => boolean, timeoutMs = 5_000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (!enough(events)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left))]);
        if (chunk === 'timeout') continue;
        if (chunk.done) throw new Error(`the stream ended; got ${JSON.stringify(events)}`);
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ ...event, data: data.join('\n') });
        }
      }
      return events;
    },
    close: () => reader.cancel(),
  };
}

describe.each(targets)('web chat on $name', (target) => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let worker: Worker;
  let nowMs = Date.parse('2026-11-24T02:00:00Z');
  const tenantId = `chat-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    t = await target.open();
    const key = Buffer.alloc(32, 9);
    // the template's own plugins too: a blueprint that uses plugins that are not installed is not published
    const host = pluginHostFor({ db: t.db, plugins: [webchat.default, sms, stripe, faq], secretKey: key, logger: () => undefined });
    const runtime = new Runtime({ db: t.db, clock: new ManualClock('2026-11-24T02:00:00Z'), plugins: host });
    worker = new Worker(runtime);
    app = createApp({
      db: t.db,
      runtime,
      hub: new ChangeHub(),
      database: { kind: t.kind, migration: () => migrationLevel(t.db) },
      plugins: host,
      secretKey: key,
      webchat: webchat.webchatOutbox,
      webchatOptions: { widget: webchat.widgetSource(), messageRate: 1, now: () => nowMs },
    });
    await t.db.insertInto('tenants').values({ id: tenantId, name: 'Chat' }).execute();
    await t.db.insertInto('tenants').values({ id: `${tenantId}-other`, name: 'Other' }).execute();
    const token = (await createToken(t.db, { tenantId, name: 'admin', role: 'admin' })).token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await app.request('/api/v1/blueprints', { method: 'POST', headers: auth, body: JSON.stringify({ document: template() }) });
    const version: any = await (await app.request('/api/v1/blueprints/worry-free-rebooking/publish', { method: 'POST', headers: auth })).json();
    const deployed = await app.request('/api/v1/deployments', { method: 'POST', headers: auth, body: JSON.stringify({ versionId: version.id, name: 'prod' }) });
    expect(deployed.status).toBe(201);
  });
  afterAll(() => t?.close());

  const base = `/api/v1/webchat/${tenantId}`;
  const session = async (tenant = tenantId) => {
    const response = await app.request(`/api/v1/webchat/${tenant}/sessions`, { method: 'POST' });
    expect(response.status).toBe(201);
    return (await response.json()) as { visitorId: string; token: string; expiresAt: string };
  };
  const say = (token: string | undefined, body: unknown, tenant = tenantId) =>
    app.request(`/api/v1/webchat/${tenant}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== undefined && { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const stream = (token: string, headers: Record<string, string> = {}) => app.request(`${base}/stream?token=${encodeURIComponent(token)}`, { headers });
  const casesOf = async (visitorId: string) => {
    const customer = await t.db.selectFrom('customers').select(['id', 'data']).where('tenant_id', '=', tenantId).execute();
    const mine = customer.filter((c) => (c.data as { addresses?: Record<string, string> }).addresses?.['channel-webchat'] === `webchat:${visitorId}`);
    if (mine.length === 0) return [];
    return t.db.selectFrom('cases').select(['id', 'status', 'customer_id']).where('tenant_id', '=', tenantId).where('customer_id', 'in', mine.map((c) => c.id)).execute();
  };

  it('creates a visitor session with a signed token, and renews it for the same visitor', async () => {
    const created = await session();
    expect(created.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.token.startsWith(`${created.visitorId}.`)).toBe(true);
    expect(Date.parse(created.expiresAt)).toBe(Math.floor((nowMs + 24 * 3_600_000) / 1000) * 1000);

    const renewed = await app.request(`${base}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: created.token }) });
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { visitorId: string }).visitorId).toBe(created.visitorId);
    expect((await app.request('/api/v1/webchat/nobody/sessions', { method: 'POST' })).status).toBe(404);
  });

  it('starts a case from a visitor message, acknowledges over SSE, and routes the reply to the same case', async () => {
    const visitor = await session();
    const live = await stream(visitor.token);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const sse = sseReader(live);
    await sse.until((events) => events.some((e) => e.event === 'ready'));

    const first = await say(visitor.token, { text: '我要改签，订单 A-1234' });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ outcome: 'started' });
    const [opened, ...more] = await casesOf(visitor.visitorId);
    expect(more).toEqual([]);
    expect(opened).toBeDefined();
    const row = await t.db.selectFrom('cases').select(['state']).where('tenant_id', '=', tenantId).where('id', '=', opened!.id).executeTakeFirstOrThrow();
    expect((row.state as { channel?: string }).channel).toBe('channel-webchat');

    await worker.drain();
    const events = await sse.until((all) => all.some((e) => e.event === 'message'));
    const ack = events.find((e) => e.event === 'message')!;
    expect(JSON.parse(ack.data).text).toContain('我们已收到您的改签申请');
    expect(ack.id).toMatch(/^\d+$/);

    const reply = await say(visitor.token, { text: '还在吗？' });
    expect(await reply.json()).toEqual({ outcome: 'delivered' });
    expect((await casesOf(visitor.visitorId)).map((c) => c.id)).toEqual([opened!.id]);
    await sse.close();

    // a visitor who comes back gets what was kept; with Last-Event-ID, only what they missed
    const again = sseReader(await stream(visitor.token));
    expect((await again.until((all) => all.some((e) => e.event === 'message'))).find((e) => e.event === 'message')!.id).toBe(ack.id);
    await again.close();
    const resumed = sseReader(await stream(visitor.token, { 'last-event-id': ack.id! }));
    await resumed.until((all) => all.some((e) => e.event === 'ready'));
    const sent = webchat.webchatOutbox.publish(tenantId, visitor.visitorId, { text: 'an agent will call you' }).message.id;
    const after = await resumed.until((all) => all.some((e) => e.event === 'message'));
    expect(after.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data).text)).toEqual(['an agent will call you']);
    expect(Number(after.find((e) => e.event === 'message')!.id)).toBe(sent);
    await resumed.close();
  });

  it('refuses forged, foreign and expired tokens with 401', async () => {
    const visitor = await session();
    const [visitorId, expiry, signature] = visitor.token.split('.');
    const forged = [
      undefined,
      'nonsense',
      `${visitorId}.${Number(expiry) + 3600}.${signature}`,
      `00000000-0000-4000-8000-000000000000.${expiry}.${signature}`,
      `${visitorId}.${expiry}.${signature!.slice(0, -2)}AA`,
    ];
    for (const token of forged) expect((await say(token, { text: 'hi' })).status).toBe(401);
    expect((await stream('nonsense')).status).toBe(401);
    // a token is for one tenant only
    expect((await say(visitor.token, { text: 'hi' }, `${tenantId}-other`)).status).toBe(401);

    nowMs += 25 * 3_600_000;
    try {
      const expired = await say(visitor.token, { text: 'hi' });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { code: string }).code).toBe('TP_WEBCHAT_TOKEN');
      expect((await stream(visitor.token)).status).toBe(401);
    } finally {
      nowMs -= 25 * 3_600_000;
    }
    expect(await casesOf(visitor.visitorId)).toEqual([]);
  });

  it('refuses oversized, empty and malformed messages', async () => {
    const visitor = await session();
    expect((await say(visitor.token, { text: 'x'.repeat(2001) })).status).toBe(413);
    expect((await say(visitor.token, { text: '字'.repeat(2000) })).status).toBe(202); // 2000 characters are fine, whatever their bytes
    expect((await say(visitor.token, { text: '  ' })).status).toBe(400);
    expect((await say(visitor.token, { text: 42 })).status).toBe(400);
    expect((await say(visitor.token, '{not json')).status).toBe(400);
    nowMs += 10_000; // invalid messages count against the rate limit too
    expect((await say(visitor.token, JSON.stringify({ text: 'x', pad: 'y'.repeat(20_000) }))).status).toBe(413);
  });

  it('limits the rate of messages per visitor, with Retry-After', async () => {
    const visitor = await session();
    const other = await session();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const response = await say(visitor.token, { text: `message ${i}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await say(other.token, { text: 'hello' })).status).toBe(202); // another visitor is not slowed down
    nowMs += 10_000;
    expect((await say(visitor.token, { text: 'later' })).status).toBe(202);
  });

  it('serves the widget, and answers CORS preflights from any site', async () => {
    const widget = await app.request('/api/v1/webchat/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect(await widget.text()).toContain('EventSource');
    const preflight = await app.request(`${base}/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});
