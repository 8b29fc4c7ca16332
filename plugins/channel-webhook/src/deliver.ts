import { PluginError, type ActionContext, retryAfterMs } from '@touchpoint/plugin-sdk';
import type { WebhookConnection } from './connection.ts';
import { signedHeaders } from './signature.ts';

/** Same default as `ctx.http`; the call's signal (the runtime's timeout) applies as well. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A receiver's answer beyond this is not kept in the step's output. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
const EXCERPT = 300;

export interface Delivery {
  status: number;
  body?: unknown;
}

/**
 * POSTs a JSON body to the connection's URL, signed, with the step's idempotency key.
 *
 * It calls fetch itself rather than `ctx.http`, because `ctx.http` gives neither the status of a
 * 2xx answer nor the headers of a failed one (Retry-After). The consequence: a `fetch` given to
 * the host or to `runAction` is not used by this plugin. Redirects are not followed, so a
 * signed request never goes anywhere but the configured URL.
 */
export async function postSigned(ctx: ActionContext<WebhookConnection>, payload: unknown): Promise<Delivery> {
  const url = new URL(ctx.connection.url);
  const what = `POST ${url.origin}${url.pathname}`; // the query string may carry a key
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
  const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);

  let response: Response;
  let answer: { text: string; truncated: boolean };
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
        'user-agent': 'Touchpoint-Webhook/1.0',
        'idempotency-key': ctx.idempotencyKey,
        ...signedHeaders(ctx.connection.signingSecret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([ctx.signal, timeout]),
    });
    answer = await readLimited(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (ctx.signal.aborted) throw new PluginError({ code: 'TP_PLUGIN_ABORTED', detail: `${what}: the call was aborted`, cause: error });
    if (timeout.aborted) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: `${what}: no answer within ${DELIVERY_TIMEOUT_MS} ms; a retry may succeed`, cause: error });
    throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: `${what}: ${networkMessage(error)}; a retry may succeed`, cause: error });
  }

  if (response.status < 200 || response.status > 299) throw httpFailure(what, response, answer.text, ctx.clock.now());
  if (answer.truncated) {
    ctx.logger.warn('the receiver answered more than the output keeps; its body is left out', { status: response.status, limitBytes: MAX_RESPONSE_BYTES });
    return { status: response.status };
  }
  if (answer.text === '') return { status: response.status };
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    try {
      return { status: response.status, body: JSON.parse(answer.text) as unknown };
    } catch {
      // Delivered all the same: the receiver's answer is kept as text.
    }
  }
  return { status: response.status, body: answer.text };
}

/** A non-2xx answer as `TP_PLUGIN_HTTP` with its status; Retry-After, when given, in the message. */
function httpFailure(what: string, response: Response, text: string, now: Date): PluginError {
  const status = response.status;
  const wait = retryAfterMs(response.headers.get('retry-after'), now);
  const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
  const advice =
    status >= 300 && status < 400
      ? 'redirects are not followed: set the connection URL to the final address'
      : status === 408 || status === 425 || status === 429 || status >= 500
        ? 'a retry may succeed'
        : 'retrying will not help';
  return new PluginError({
    code: 'TP_PLUGIN_HTTP',
    status,
    ...(wait !== undefined && { retryAfterMs: wait }),
    detail: `${what} answered ${status}${wait === undefined ? '' : ` (Retry-After: retryAfterMs=${wait})`}${excerpt === '' ? '' : `: ${excerpt}`}; ${advice}`,
  });
}

async function readLimited(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** fetch's "fetch failed" with the reason Node keeps in `cause` (ECONNREFUSED, ENOTFOUND, …). */
function networkMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = typeof cause?.message === 'string' ? cause.message : undefined;
  return [message, code, detail !== undefined && detail !== code ? detail : undefined].filter((part) => part !== undefined).join(': ');
}
