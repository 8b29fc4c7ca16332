import { PluginError, type PluginContext } from '@touchpoint/plugin-sdk';
import type { HubSpotConnection } from './connection.ts';

type Ctx = PluginContext<HubSpotConnection>;

/** Rate limits: retried inside the action this many times, waiting as HubSpot says. */
export const RATE_LIMIT_RETRIES = 3;
/** The longest single wait; HubSpot asking for longer fails the step now (the runtime retries it later). */
export const MAX_RATE_LIMIT_WAIT_MS = 10_000;
/** All waits of one call together stay under the runtime's default action timeout (30 s). */
export const MAX_TOTAL_WAIT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 10_000;
const EXCERPT = 500;

export interface HubSpotReply {
  status: number;
  body: unknown;
}

/** HubSpot's error body: `{ status: 'error', message, correlationId, category, policyName? }`. */
interface ErrorBody {
  message?: string;
  correlationId?: string;
  category?: string;
  policyName?: string;
}

function errorBody(body: unknown): ErrorBody {
  return typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
}

/**
 * Calls the HubSpot API with the private app token, returning status and parsed body. 429s are
 * retried (up to 3 times) after the wait HubSpot gives; other non-2xx answers are coded errors,
 * except the statuses in `accept`, which the caller handles.
 *
 * It uses fetch itself rather than `ctx.http`, which does not expose response headers
 * (`Retry-After`), with the same timeout and the call's signal.
 */
export async function hubspot(ctx: Ctx, method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown, accept: readonly number[] = []): Promise<HubSpotReply> {
  const what = `${method} ${path}`;
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const { status, headers, body } = await send(ctx, method, path, json, what);
    if (status === 429) {
      const wait = rateLimitWait(headers.get('retry-after'), errorBody(body).policyName, attempt);
      const retry = attempt <= RATE_LIMIT_RETRIES && wait !== undefined && wait <= MAX_RATE_LIMIT_WAIT_MS && waited + wait <= MAX_TOTAL_WAIT_MS;
      if (!retry) throw rateLimited(what, body, attempt, wait);
      ctx.logger.warn('hubspot rate limit: waiting before retrying', { endpoint: what, waitMs: wait, policy: errorBody(body).policyName ?? null, retry: attempt });
      await sleep(wait, ctx.signal);
      waited += wait;
      continue;
    }
    if ((status >= 200 && status < 300) || accept.includes(status)) return { status, body };
    throw httpError(what, status, body);
  }
}

async function send(ctx: Ctx, method: string, path: string, json: unknown, what: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const url = `${ctx.connection.baseUrl.replace(/\/+$/, '')}${path}`;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const headers: Record<string, string> = { authorization: `Bearer ${ctx.connection.accessToken}`, accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), signal: AbortSignal.any([ctx.signal, timeout]) });
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw new PluginError({ code: 'TP_PLUGIN_ABORTED', detail: `HubSpot ${what}: the call was aborted`, cause: error });
    const reason = timeout.aborted ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : error instanceof Error ? error.message : String(error);
    throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: `HubSpot ${what}: ${reason}`, cause: error });
  }
  let body: unknown = text;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '') && text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // Kept as text: the status decides what happens, and the excerpt shows what came.
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * How long to wait before retrying a 429, in ms: `Retry-After` (seconds or an HTTP date) when
 * given; else by HubSpot's `policyName`: none for DAILY (it resets at midnight), 1 s doubling for
 * the per-second and per-10-seconds limits.
 */
export function rateLimitWait(retryAfter: string | null, policyName: string | undefined, attempt: number): number | undefined {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const value = retryAfter.trim();
    if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  if (policyName !== undefined && /DAILY/i.test(policyName)) return undefined;
  return 1000 * 2 ** (attempt - 1);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(new PluginError({ code: 'TP_PLUGIN_ABORTED', detail: 'the call was aborted while waiting out a HubSpot rate limit' }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted, { once: true });
  });
}

function describe(body: unknown): string {
  const { message, correlationId } = errorBody(body);
  const text = message ?? (typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body));
  const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
  return [excerpt, correlationId === undefined ? '' : `(correlationId ${correlationId})`].filter((part) => part !== '').join(' ');
}

function rateLimited(what: string, body: unknown, attempts: number, wait: number | undefined): PluginError {
  const policy = errorBody(body).policyName;
  const why =
    wait === undefined
      ? `the ${policy ?? 'daily'} limit resets later`
      : wait > MAX_RATE_LIMIT_WAIT_MS
        ? `HubSpot asks to wait ${Math.ceil(wait / 1000)} s, longer than this step waits`
        : `still limited after ${attempts} attempts`;
  return new PluginError({ code: 'TP_PLUGIN_HTTP', status: 429, detail: `HubSpot ${what} answered 429 (rate limit${policy === undefined ? '' : ` ${policy}`}): ${why}. ${describe(body)}`.trim() });
}

function httpError(what: string, status: number, body: unknown): PluginError {
  const hint =
    status === 401
      ? 'HubSpot refused the access token: check the private app token in the connection'
      : status === 403
        ? 'the private app lacks a scope: it needs crm.objects.contacts.read and crm.objects.contacts.write'
        : status >= 500
          ? 'HubSpot failed; the step can be retried'
          : undefined;
  const detail = describe(body);
  return new PluginError({ code: 'TP_PLUGIN_HTTP', status, detail: `HubSpot ${what} answered ${status}${hint === undefined ? '' : ` (${hint})`}${detail === '' ? '' : `: ${detail}`}` });
}
