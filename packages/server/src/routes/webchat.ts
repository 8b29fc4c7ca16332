import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import type { ServerDeps } from '../deps.ts';
import { routeEvents } from '../ingress.ts';
import { ApiError } from '../problem.ts';
import { RateLimiter } from '../rate-limit.ts';

/** One message to a visitor, as the outbox keeps it. */
export interface WebchatMessage {
  id: number;
  text: string;
  at: string;
  template?: string;
}

/**
 * Where the messages sent to visitors come from: the channel-webchat plugin's outbox, which its
 * `send` action publishes to. The server does not depend on the plugin; whoever builds the app
 * passes the outbox in (`touchpoint start`: the plugin package's `webchatOutbox`).
 */
export interface WebchatBridge {
  subscribe(tenantId: string, visitorId: string, listener: (message: WebchatMessage) => void): () => void;
  history(tenantId: string, visitorId: string, after?: number): WebchatMessage[];
}

export interface WebchatOptions {
  /** Messages a visitor may send per second (burst: 5 times that). Default 1. */
  messageRate?: number;
  /** How long a visitor token is valid, in seconds. Default 24 h. */
  sessionTtlSeconds?: number;
  /** The embeddable widget's source, served at GET /api/v1/webchat/widget.js. */
  widget?: string;
  /** Time for token expiry (tests). Default Date.now. */
  now?: () => number;
}


export const WEBCHAT_PLUGIN = 'channel-webchat';
export const WEBCHAT_MAX_TEXT = 2000;
const MAX_BODY_BYTES = 16 * 1024;
const KEEP_ALIVE_MS = 15_000;

/**
 * The end customer's chat, public (no API token: mounted before authentication), CORS open to any
 * site since visitors authenticate with a bearer token, never a cookie:
 *
 * - `POST /webchat/{tenant}/sessions` → `{ visitorId, token, expiresAt }`; send `{ token }` to renew a session.
 * - `POST /webchat/{tenant}/messages` (Bearer visitor token, `{ text }`) → a `customer.message` into the visitor's open case, or a new one.
 * - `GET /webchat/{tenant}/stream?token=` → SSE `message` events sent to this visitor (Last-Event-ID resumes).
 * - `GET /webchat/widget.js` → the embeddable widget.
 */
export function webchatRoutes(deps: ServerDeps) {
  const options = deps.webchatOptions ?? {};
  const now = options.now ?? Date.now;
  const ttlMs = (options.sessionTtlSeconds ?? 24 * 60 * 60) * 1000;
  const rate = options.messageRate ?? 1;
  const messages = new RateLimiter(rate, 5 * rate, now);
  const sessions = new RateLimiter(20, 100, now);
  // A key of its own, derived from the connection-sealing key; without one, tokens last until restart.
  const key = deps.secretKey ? createHmac('sha256', deps.secretKey).update('touchpoint webchat visitor tokens v1').digest() : randomBytes(32);

  const sign = (tenantId: string, visitorId: string, expiry: number) => createHmac('sha256', key).update(`${tenantId}.${visitorId}.${expiry}`).digest('base64url');
  const issue = (tenantId: string, visitorId: string) => {
    const expiry = Math.floor((now() + ttlMs) / 1000);
    return { visitorId, token: `${visitorId}.${expiry}.${sign(tenantId, visitorId, expiry)}`, expiresAt: new Date(expiry * 1000).toISOString() };
  };
  /** The visitor a token belongs to, or undefined when it is malformed, forged, for another tenant or expired. */
  const visitorOf = (tenantId: string, token: string | undefined): string | undefined => {
    const [visitorId, expiryText, signature, ...rest] = (token ?? '').split('.');
    if (!visitorId || !expiryText || !signature || rest.length > 0 || !/^\d{1,12}$/.test(expiryText)) return undefined;
    const expected = Buffer.from(sign(tenantId, visitorId, Number(expiryText)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Number(expiryText) * 1000 > now() ? visitorId : undefined;
  };
  const bearer = (header: string | undefined) => (header?.match(/^Bearer\s+(\S+)$/i) ?? [])[1];
  const unauthorized = () => new ApiError(401, 'TP_WEBCHAT_TOKEN', 'the visitor token is missing, invalid or expired: start a new session');
  const tenantExists = async (tenantId: string) => (await deps.db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst()) !== undefined;
  const limited = (wait: number, what: string) => new ApiError(429, 'TP_RATE_LIMITED', `too many ${what}; retry in ${Math.ceil(wait / 1000)} s`);
  const readJson = async (request: Request): Promise<unknown> => {
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(413, 'TP_PAYLOAD_TOO_LARGE', `a web chat request may be at most ${MAX_BODY_BYTES} bytes`);
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(400, 'TP_INVALID_JSON', 'the body is not JSON');
    }
  };

  const app = new Hono();
  app.use('/webchat/*', cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['authorization', 'content-type', 'last-event-id'], maxAge: 600 }));

  app.get('/webchat/widget.js', (c) => {
    if (options.widget === undefined) throw new ApiError(404, 'TP_NOT_FOUND', 'the web chat widget is not installed on this server');
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=300');
    return c.body(options.widget);
  });

  app.post('/webchat/:tenantId/sessions', async (c) => {
    const { tenantId } = c.req.param();
    const wait = sessions.take(tenantId);
    if (wait > 0) throw limited(wait, 'new web chat sessions');
    if (!(await tenantExists(tenantId))) throw new ApiError(404, 'TP_NOT_FOUND', 'no such web chat');
    const body = await readJson(c.req.raw);
    const previous = typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' ? visitorOf(tenantId, body.token) : undefined;
    return c.json(issue(tenantId, previous ?? randomUUID()), previous ? 200 : 201);
  });

  app.post('/webchat/:tenantId/messages', async (c) => {
    const { tenantId } = c.req.param();
    const visitorId = visitorOf(tenantId, bearer(c.req.header('authorization')));
    if (!visitorId) throw unauthorized();
    const wait = messages.take(`${tenantId}/${visitorId}`);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      throw limited(wait, 'messages');
    }
    const body = await readJson(c.req.raw);
    const text = typeof body === 'object' && body !== null && 'text' in body ? body.text : undefined;
    if (typeof text !== 'string' || text.trim() === '') throw new ApiError(400, 'TP_VALIDATION', 'the message needs a text', [{ path: 'text', message: 'is required' }]);
    if ([...text].length > WEBCHAT_MAX_TEXT) throw new ApiError(413, 'TP_PAYLOAD_TOO_LARGE', `a message may be at most ${WEBCHAT_MAX_TEXT} characters`, [{ path: 'text', message: `at most ${WEBCHAT_MAX_TEXT} characters` }]);
    const [delivery] = await routeEvents(
      { db: deps.db, runtime: deps.runtime },
      { tenantId, pluginId: WEBCHAT_PLUGIN, triggerId: 'inbound', events: [{ name: 'customer.message', data: { text }, customerRef: `webchat:${visitorId}`, start: true }] },
    );
    return c.json({ outcome: delivery?.outcome ?? 'ignored' }, 202);
  });

  app.get('/webchat/:tenantId/stream', (c) => {
    const { tenantId } = c.req.param();
    const visitorId = visitorOf(tenantId, c.req.query('token'));
    if (!visitorId) throw unauthorized();
    const lastId = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    const after = lastId !== undefined && /^\d{1,15}$/.test(lastId) ? Number(lastId) : undefined;
    const bridge = deps.webchat;

    return streamSSE(c, async (stream) => {
      let last = after ?? 0;
      let chain = Promise.resolve();
      const write = (message: WebchatMessage) => {
        chain = chain.then(async () => {
          if (message.id <= last || stream.closed) return;
          last = message.id;
          await stream.writeSSE({ event: 'message', id: String(message.id), data: JSON.stringify({ text: message.text, at: message.at }) });
        });
        return chain;
      };
      // subscribe before reading the history, so nothing published in between is lost (ids dedupe)
      const unsubscribe = bridge?.subscribe(tenantId, visitorId, (message) => void write(message).catch(() => undefined)) ?? (() => undefined);
      let wake: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (wake = resolve));
      stream.onAbort(() => {
        unsubscribe();
        wake();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ visitorId }), retry: 3000 });
      for (const message of bridge?.history(tenantId, visitorId, after) ?? []) await write(message);
      const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEP_ALIVE_MS);
      try {
        await closed;
      } finally {
        clearInterval(keepAlive);
        unsubscribe();
      }
    });
  });

  return app;
}
