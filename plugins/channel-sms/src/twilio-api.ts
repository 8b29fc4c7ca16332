import { PluginError, type ActionContext, type HttpExchange, retryAfterMs } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import type { Connection } from './connection.ts';

const TIMEOUT_MS = 10_000;

/** Twilio's error body (https://www.twilio.com/docs/usage/twilios-response): `{ code, message, more_info, status }`. */
const TwilioErrorBody = z.object({
  code: z.number().int().optional(),
  message: z.string().optional(),
  more_info: z.string().optional(),
});

/**
 * POSTs a form to Twilio's REST API with HTTP Basic auth and returns the parsed JSON.
 *
 * Not `ctx.http`: it throws on any non-2xx answer without the response's headers, and a 429's
 * `Retry-After` and Twilio's JSON error (`code`, `message`) are what this plugin must report.
 * Same contract otherwise: the call's signal, a 10 s timeout, `TP_PLUGIN_HTTP` with `status`, and
 * messages that name the endpoint without its query string.
 */
export async function postTwilioForm(
  ctx: ActionContext<Connection>,
  path: string,
  form: URLSearchParams,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const { accountSid, authToken, baseUrl } = ctx.connection;
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  const answer = await ctx.http.exchange(url, {
    method: 'POST',
    headers: {
      ...headers,
      authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form,
    timeoutMs: TIMEOUT_MS,
  });
  const { what, text } = answer;
  const json = parseJson(text);
  if (!answer.ok) throw twilioError(what, answer, json, text, ctx.clock.now());
  if (json === undefined) throw new PluginError({ code: 'TP_PLUGIN_HTTP', status: answer.status, detail: `${what} answered ${answer.status} without a JSON body` });
  return json;
}

/** `… answered 400: Twilio error 21211: The 'To' number … is not a valid phone number.`, with the wait after a 429. */
function twilioError(what: string, response: HttpExchange, json: unknown, text: string, now: Date): PluginError {
  const body = TwilioErrorBody.safeParse(json);
  const described =
    body.success && (body.data.code !== undefined || body.data.message !== undefined)
      ? `Twilio error${body.data.code === undefined ? '' : ` ${body.data.code}`}: ${body.data.message ?? 'no message'}`
      : text.slice(0, 300);
  const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), now) : undefined;
  const parts = [`${what} answered ${response.status}`, described === '' ? undefined : `: ${described}`, wait === undefined ? undefined : `; retry after ${Math.ceil(wait / 1000)} s`];
  return new PluginError({ code: 'TP_PLUGIN_HTTP', status: response.status, ...(wait !== undefined && { retryAfterMs: wait }), detail: parts.filter((part) => part !== undefined).join('') });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
