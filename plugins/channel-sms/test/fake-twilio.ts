import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received, as it arrived. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

/** A canned answer for the next request that passes authentication. */
export interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeTwilio {
  /** `http://127.0.0.1:<port>`: the connection's `baseUrl`. */
  baseUrl: string;
  received: Received[];
  /** Messages created, keyed by SID. */
  messages: Map<string, Record<string, unknown>>;
  /** Answers the next authenticated request with this instead. */
  answerNext(answer: Scripted): void;
  /** Posts an incoming message to `url` the way Twilio does, signed with the account's auth token. */
  deliverInbound(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A Twilio Messages API on 127.0.0.1, following Twilio's documented formats: HTTP Basic auth
 * (AccountSid:AuthToken), form-encoded create, 201 with a Message resource, errors as
 * `{ code, message, more_info, status }`. Its inbound webhooks are signed with its own HMAC-SHA1
 * code, written from Twilio's description, independently of the plugin's.
 */
export async function startFakeTwilio(account: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const received: Received[] = [];
  const messages = new Map<string, Record<string, unknown>>();
  const scripted: Scripted[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { code: 20500, message: String(error), status: 500 }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const form = new URLSearchParams(raw);
    received.push({ method: req.method ?? '', path, headers: req.headers, form });

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (req.method !== 'POST' || !match) return send(res, 404, twilioError(20404, 'The requested resource was not found', 404));
    const [user, password] = basicCredentials(req.headers.authorization);
    if (user !== account.accountSid || password !== account.authToken || match[1] !== account.accountSid) {
      return send(res, 401, twilioError(20003, 'Authentication Error - invalid username', 401), { 'www-authenticate': 'Basic realm="Twilio API"' });
    }
    const next = scripted.shift();
    if (next) return send(res, next.status, next.body, next.headers);
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return send(res, 400, twilioError(20001, 'Unsupported content type', 400));

    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return send(res, 400, twilioError(21604, "A 'To' phone number is required.", 400));
    if (!E164.test(to)) return send(res, 400, twilioError(21211, `Invalid 'To' Phone Number: ${to}`, 400));
    if (!from && !service) return send(res, 400, twilioError(21603, "A 'From' phone number is required.", 400));
    if (!body) return send(res, 400, twilioError(21602, 'Message body is required.', 400));

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message = {
      account_sid: account.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: new Date().toUTCString().replace('GMT', '+0000'),
      date_sent: null,
      date_updated: new Date().toUTCString().replace('GMT', '+0000'),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: service ?? null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: null,
      sid,
      status: service ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}.json`,
    };
    messages.set(sid, message);
    send(res, 201, message);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    messages,
    answerNext: (answer) => void scripted.push(answer),
    async deliverInbound(url, params) {
      const data = Object.keys(params)
        .sort()
        .reduce((signed, key) => signed + key + params[key], url);
      const signature = createHmac('sha1', account.authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': randomBytes(8).toString('hex') },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function basicCredentials(authorization: string | undefined): [string?, string?] {
  const match = /^Basic (.+)$/i.exec(authorization ?? '');
  if (!match) return [];
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [decoded] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
