import { createHash } from 'node:crypto';
import { PluginError, type ActionContext, type HttpExchange, retryAfterMs } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import type { Connection } from './connection.ts';
import { stripeForm, type FormValue } from './form.ts';

const TIMEOUT_MS = 10_000;
/** Stripe refuses longer idempotency keys. */
const MAX_KEY = 255;

/** Stripe's error body (https://docs.stripe.com/api/errors). */
const StripeErrorBody = z.object({
  error: z.object({
    type: z.string().optional(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    message: z.string().optional(),
    param: z.string().optional(),
  }),
});

/**
 * POSTs form-encoded parameters to Stripe with the secret key and the step's idempotency key, and
 * returns the parsed JSON. Stripe answers a repeated `Idempotency-Key` with the first answer, so a
 * retried step creates nothing twice.
 *
 * Not `ctx.http`: it throws on any non-2xx answer without the response's headers, and Stripe's
 * error (`type`, `code`, `message`), `Retry-After` and `Request-Id` are what this plugin reports.
 * Same contract otherwise: the call's signal, a 10 s timeout, `TP_PLUGIN_HTTP` with `status`.
 */
export async function postStripe(ctx: ActionContext<Connection>, path: string, params: { readonly [key: string]: FormValue }): Promise<unknown> {
  const { secretKey, baseUrl, apiVersion } = ctx.connection;
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  const answer = await ctx.http.exchange(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secretKey}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'idempotency-key': stripeIdempotencyKey(ctx.idempotencyKey),
      ...(apiVersion === undefined ? {} : { 'stripe-version': apiVersion }),
    },
    body: stripeForm(params),
    timeoutMs: TIMEOUT_MS,
  });
  const { what, text } = answer;
  const json = parseJson(text);
  if (!answer.ok) throw stripeError(what, answer, json, text, ctx.clock.now());
  if (json === undefined) throw new PluginError({ code: 'TP_PLUGIN_HTTP', status: answer.status, detail: `${what} answered ${answer.status} without a JSON body` });
  if (answer.headers.get('idempotent-replayed') === 'true') ctx.logger.info('stripe replayed the first answer to this idempotency key', { path });
  return json;
}

/** The step's key as Stripe takes it: as is when short enough, else a digest of it (stable all the same). */
export function stripeIdempotencyKey(key: string): string {
  return key.length <= MAX_KEY ? key : `tp-sha256-${createHash('sha256').update(key).digest('hex')}`;
}

/** `… answered 402: card_error (card_declined, insufficient_funds): Your card has insufficient funds. [request req_…]`. */
function stripeError(what: string, response: HttpExchange, json: unknown, text: string, now: Date): PluginError {
  const body = StripeErrorBody.safeParse(json);
  let described: string;
  if (body.success) {
    const { type, code, decline_code, message, param } = body.data.error;
    const codes = [code, decline_code].filter((part) => part !== undefined).join(', ');
    described = `${type ?? 'error'}${codes === '' ? '' : ` (${codes})`}: ${message ?? 'no message'}${param === undefined ? '' : ` [param ${param}]`}`;
  } else {
    described = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
  const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), now) : undefined;
  const shouldRetry = response.headers.get('stripe-should-retry');
  const requestId = response.headers.get('request-id');
  const detail = [
    `${what} answered ${response.status}`,
    described === '' ? '' : `: ${described}`,
    wait === undefined ? '' : `; retry after ${Math.ceil(wait / 1000)} s`,
    shouldRetry === 'false' ? '; Stripe says not to retry' : shouldRetry === 'true' ? '; Stripe says to retry' : '',
    requestId === null ? '' : ` (request ${requestId})`,
  ].join('');
  // Stripe-Should-Retry: false marks a failure no retry mends; the runtime then takes the error edge at once.
  return new PluginError({ code: 'TP_PLUGIN_HTTP', status: response.status, detail, ...(wait !== undefined && { retryAfterMs: wait }), ...(shouldRetry === 'false' && { permanent: true }) });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
