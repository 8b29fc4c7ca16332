import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A WeChat Official Account API on 127.0.0.1, answering as the documented one does: HTTP 200 with
 * `{ errcode, errmsg }`; access tokens from GET /cgi-bin/token that last `expires_in` seconds and
 * can be revoked (another server fetched a new one) or expired.
 */
export interface FakeWeChat {
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  /** GET /cgi-bin/token calls, answered or not. */
  tokenRequests: number;
  /** Every message call (custom and template), with the token it carried and its parsed body. */
  readonly calls: Array<{ path: string; accessToken: string | null; body: any; errcode: number }>;
  /** Bodies of the messages WeChat accepted. */
  readonly delivered: Array<{ path: string; body: any }>;
  /** Follower openids; a message to anyone else is errcode 40003. */
  readonly followers: Set<string>;
  readonly templates: Set<string>;
  /** Milliseconds the token endpoint waits before answering (to overlap callers). */
  tokenDelayMs: number;
  /** The next message calls answer these errcodes instead (first in, first out). */
  readonly failNext: Array<{ errcode: number; errmsg: string }>;
  /** Answer message calls with this HTTP status (a proxy in front of WeChat failing). */
  httpStatus: number;
  /** Every token issued so far stops working (40001), as when another server fetches a new one. */
  revokeTokens(): void;
  /** Every token issued so far is expired (42001). */
  expireTokens(): void;
  /** Refuse every token, even fresh ones. */
  refuseAllTokens: boolean;
  close(): Promise<void>;
}

export async function startFakeWeChat(options: { now?: () => number } = {}): Promise<FakeWeChat> {
  const now = options.now ?? (() => Date.now());
  const tokens = new Map<string, { expiresAt: number; state: 'valid' | 'revoked' | 'expired' }>();
  let msgid = 200228332;

  const state: Omit<FakeWeChat, 'baseUrl' | 'close'> = {
    appId: 'wx1234567890abcdef',
    appSecret: 'app-secret-0123456789',
    tokenRequests: 0,
    calls: [],
    delivered: [],
    followers: new Set(['oFollower-1', 'oFollower-2']),
    templates: new Set(['TPL-rebooked']),
    tokenDelayMs: 0,
    failNext: [],
    httpStatus: 200,
    refuseAllTokens: false,
    revokeTokens: () => tokens.forEach((token) => (token.state = 'revoked')),
    expireTokens: () => tokens.forEach((token) => (token.state = 'expired')),
  };

  const json = (response: ServerResponse, body: unknown, status = 200) => {
    response.writeHead(status, { 'content-type': 'application/json; encoding=utf-8' });
    response.end(JSON.stringify(body));
  };
  const error = (response: ServerResponse, errcode: number, errmsg: string) => json(response, { errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (request.method === 'GET' && url.pathname === '/cgi-bin/token') {
      state.tokenRequests += 1;
      if (state.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.tokenDelayMs));
      const query = url.searchParams;
      if (query.get('grant_type') !== 'client_credential') return error(response, 40002, 'invalid grant_type');
      if (query.get('appid') !== state.appId) return error(response, 40013, 'invalid appid');
      if (query.get('secret') !== state.appSecret) return error(response, 40125, 'invalid appsecret');
      const token = `ACCESS_TOKEN_${state.tokenRequests}_${randomBytes(6).toString('hex')}`;
      tokens.set(token, { expiresAt: now() + 7200_000, state: 'valid' });
      return json(response, { access_token: token, expires_in: 7200 });
    }

    const isCustom = url.pathname === '/cgi-bin/message/custom/send';
    const isTemplate = url.pathname === '/cgi-bin/message/template/send';
    if (request.method !== 'POST' || (!isCustom && !isTemplate)) return error(response, 48001, 'api unauthorized');

    let body: any;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return error(response, 47001, 'data format error');
    }
    const accessToken = url.searchParams.get('access_token');
    const record = (errcode: number) => state.calls.push({ path: url.pathname, accessToken, body, errcode });
    const fail = (errcode: number, errmsg: string) => {
      record(errcode);
      error(response, errcode, errmsg);
    };

    if (state.httpStatus !== 200) {
      record(-1);
      response.writeHead(state.httpStatus, { 'content-type': 'text/html' });
      return void response.end('<html><body>Bad Gateway</body></html>');
    }
    if (accessToken === null) return fail(41001, 'access_token missing');
    const issued = tokens.get(accessToken);
    if (issued === undefined || issued.state === 'revoked' || state.refuseAllTokens) return fail(40001, 'invalid credential, access_token is invalid or not latest');
    if (issued.state === 'expired' || now() >= issued.expiresAt) return fail(42001, 'access_token expired');
    const failure = state.failNext.shift();
    if (failure !== undefined) return fail(failure.errcode, failure.errmsg);
    if (body === undefined) return fail(44002, 'empty post data');
    if (typeof body.touser !== 'string' || !state.followers.has(body.touser)) return fail(40003, 'invalid openid');

    if (isCustom) {
      if (body.msgtype !== 'text') return fail(40008, 'invalid message type');
      if (typeof body.text?.content !== 'string' || body.text.content === '') return fail(44004, 'empty content');
      record(0);
      state.delivered.push({ path: url.pathname, body });
      return json(response, { errcode: 0, errmsg: 'ok' });
    }
    if (typeof body.template_id !== 'string' || !state.templates.has(body.template_id)) return fail(40037, 'invalid template_id');
    const data = body.data;
    const wellFormed = typeof data === 'object' && data !== null && Object.values(data).every((field: any) => typeof field?.value === 'string');
    if (!wellFormed) return fail(47001, 'data format error');
    record(0);
    state.delivered.push({ path: url.pathname, body });
    msgid += 1;
    return json(response, { errcode: 0, errmsg: 'ok', msgid });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      response.writeHead(500);
      response.end(String(failure));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((failure) => (failure ? reject(failure) : resolve()));
      }),
  }) as FakeWeChat;
}
