import { createHash } from 'node:crypto';
import { PluginError, type PluginContext } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import type { WeChatConnection } from './connection.ts';
import { TOKEN_ERRCODES, WeChatApiError } from './errors.ts';

type Ctx = PluginContext<WeChatConnection>;

/** Renew a token this long before WeChat says it expires (it lasts 7200 s). */
export const TOKEN_RENEW_BEFORE_MS = 5 * 60_000;

interface CachedToken {
  token: string;
  /** Epoch ms (ctx.clock) after which the token is renewed. */
  renewAt: number;
}

// Per process, per Official Account (and API address, and secret: a rotated secret gets a new token).
const tokens = new Map<string, CachedToken>();
const refreshing = new Map<string, Promise<CachedToken>>();

const TokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const ErrorReply = z.object({ errcode: z.number().int(), errmsg: z.string().default('') }).loose();

function cacheKey(connection: WeChatConnection): string {
  return createHash('sha256').update(`${connection.baseUrl}\n${connection.appId}\n${connection.appSecret}`).digest('hex');
}

function endpoint(connection: WeChatConnection, path: string): string {
  return `${connection.baseUrl.replace(/\/+$/, '')}${path}`;
}

/** WeChat's body as an object: it answers JSON, sometimes labelled text/plain. */
function asObject(reply: unknown, what: string): Record<string, unknown> {
  let value = reply;
  if (typeof reply === 'string') {
    try {
      value = JSON.parse(reply);
    } catch {
      throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `WeChat ${what} answered something that is not JSON: ${reply.slice(0, 200)}` });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `WeChat ${what} answered an unexpected body` });
  return value as Record<string, unknown>;
}

/** Throws the errcode WeChat answered with, if any. */
function checkErrcode(body: Record<string, unknown>, what: string): void {
  const error = ErrorReply.safeParse(body);
  if (error.success && error.data.errcode !== 0) throw new WeChatApiError(what, error.data.errcode, error.data.errmsg);
}

async function fetchToken(ctx: Ctx): Promise<CachedToken> {
  const what = 'GET /cgi-bin/token';
  const body = asObject(
    await ctx.http.get(endpoint(ctx.connection, '/cgi-bin/token'), {
      query: { grant_type: 'client_credential', appid: ctx.connection.appId, secret: ctx.connection.appSecret },
    }),
    what,
  );
  checkErrcode(body, what);
  const reply = TokenReply.safeParse(body);
  if (!reply.success) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `WeChat ${what} answered without access_token and expires_in` });
  const lifetimeMs = reply.data.expires_in * 1000;
  const renewIn = lifetimeMs > 2 * TOKEN_RENEW_BEFORE_MS ? lifetimeMs - TOKEN_RENEW_BEFORE_MS : lifetimeMs / 2;
  ctx.logger.info('wechat access token fetched', { appId: ctx.connection.appId, expiresIn: reply.data.expires_in });
  return { token: reply.data.access_token, renewAt: ctx.clock.now().getTime() + renewIn };
}

/**
 * The access token of this Official Account: cached in memory until 5 minutes before it expires;
 * callers that need a new one at the same time share one request. `stale` is a token WeChat just
 * refused: a new one is fetched unless another caller already replaced it.
 */
export async function accessToken(ctx: Ctx, stale?: string): Promise<string> {
  const key = cacheKey(ctx.connection);
  const cached = tokens.get(key);
  if (cached !== undefined && cached.token !== stale && ctx.clock.now().getTime() < cached.renewAt) return cached.token;
  for (let attempt = 1; ; attempt += 1) {
    let pending = refreshing.get(key);
    if (pending === undefined) {
      pending = fetchToken(ctx).then((fresh) => {
        tokens.set(key, fresh);
        return fresh;
      });
      const shared = pending;
      refreshing.set(key, shared);
      void shared.then(
        () => refreshing.delete(key),
        () => refreshing.delete(key),
      );
    }
    try {
      return (await pending).token;
    } catch (error) {
      // The caller whose request it was gave up (its step timed out): this caller tries on its own.
      if (attempt === 1 && error instanceof PluginError && error.code === 'TP_PLUGIN_ABORTED' && !ctx.signal.aborted) continue;
      throw error;
    }
  }
}

/**
 * POSTs to a WeChat API with the access token. WeChat answers HTTP 200 with `{ errcode, errmsg }`:
 * a non-zero errcode is a `WeChatApiError`; a refused token (40001, 40014, 42001) is renewed and
 * the call made once more.
 */
export async function callWeChat(ctx: Ctx, path: string, json: unknown): Promise<Record<string, unknown>> {
  const what = `POST ${path}`;
  let token = await accessToken(ctx);
  for (let attempt = 1; ; attempt += 1) {
    const body = asObject(await ctx.http.post(endpoint(ctx.connection, path), json, { query: { access_token: token } }), what);
    try {
      checkErrcode(body, what);
      return body;
    } catch (error) {
      if (attempt === 1 && error instanceof WeChatApiError && TOKEN_ERRCODES.has(error.errcode)) {
        ctx.logger.warn('wechat refused the access token; renewing it', { errcode: error.errcode });
        token = await accessToken(ctx, token);
        continue;
      }
      throw error;
    }
  }
}
