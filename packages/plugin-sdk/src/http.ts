import { PluginError } from './errors.ts';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Added to the URL's query string; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON, with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is (use `json` for JSON). */
  body?: string | Uint8Array | URLSearchParams;
  /** Per request; defaults to the context's (10 s). The call's signal still applies. */
  timeoutMs?: number;
}

/**
 * `ctx.http`: fetch with a timeout and the call's AbortSignal. Resolves to the parsed JSON (when
 * the response says it is JSON) or the text; a non-2xx answer, a timeout or a network failure is a
 * `TP_PLUGIN_HTTP` error carrying the status. The result is `unknown`: parse it with a schema.
 *
 * @example
 * const reply = PaymentLink.parse(await ctx.http.post('https://api.example.com/links', { amount }, {
 *   headers: { authorization: `Bearer ${ctx.connection.apiKey}`, 'idempotency-key': ctx.idempotencyKey },
 * }));
 */
export interface PluginHttp {
  request(url: string | URL, options?: HttpRequestOptions): Promise<unknown>;
  /**
   * The answer as it came, whatever its status — for providers whose errors and `Retry-After`
   * headers the plugin reads itself. Timeouts, aborts and network failures are still coded errors.
   */
  exchange(url: string | URL, options?: HttpRequestOptions): Promise<HttpExchange>;
  get(url: string | URL, options?: Omit<HttpRequestOptions, 'method'>): Promise<unknown>;
  post(url: string | URL, json?: unknown, options?: Omit<HttpRequestOptions, 'method' | 'json'>): Promise<unknown>;
}

export interface HttpExchange {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  /** `POST https://host/path`: the endpoint without its query string, for messages. */
  what: string;
}

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
const EXCERPT = 300;

export function createHttp(options: { fetch?: typeof fetch; signal: AbortSignal; timeoutMs?: number }): PluginHttp {
  const doFetch = options.fetch ?? globalThis.fetch;
  const exchange = async (url: string | URL, init: HttpRequestOptions = {}): Promise<HttpExchange> => {
    const target = new URL(url);
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) target.searchParams.set(key, String(value));
    const method = (init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET')).toUpperCase();
    // The query string may carry a key; messages name the endpoint only.
    const what = `${method} ${target.origin}${target.pathname}`;
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers = new Headers(init.headers);
    let body: string | Uint8Array | URLSearchParams | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9, */*;q=0.8');

    let response: Response;
    let text: string;
    try {
      response = await doFetch(target, { method, headers, body, signal: AbortSignal.any([options.signal, timeout]) });
      text = await response.text();
    } catch (error) {
      if (options.signal.aborted) throw new PluginError({ code: 'TP_PLUGIN_ABORTED', detail: `${what}: the call was aborted`, cause: error });
      if (timeout.aborted) throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: `${what}: no answer within ${timeoutMs} ms`, cause: error });
      throw new PluginError({ code: 'TP_PLUGIN_HTTP', detail: `${what}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
    }
    return { status: response.status, ok: response.ok, headers: response.headers, text, what };
  };
  const request = async (url: string | URL, init: HttpRequestOptions = {}): Promise<unknown> => {
    const { status, ok, headers: answered, text, what } = await exchange(url, init);
    if (!ok) {
      const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
      throw new PluginError({ code: 'TP_PLUGIN_HTTP', status, detail: `${what} answered ${status}${excerpt === '' ? '' : `: ${excerpt}`}` });
    }
    if (!/\bjson\b/i.test(answered.get('content-type') ?? '')) return text;
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new PluginError({ code: 'TP_PLUGIN_HTTP', status, detail: `${what} answered ${status} with a body that is not the JSON it announced` });
    }
  };
  return {
    request,
    exchange,
    get: (url, init) => request(url, { ...init, method: 'GET' }),
    post: (url, json, init) => request(url, { ...init, method: 'POST', ...(json === undefined ? {} : { json }) }),
  };
}
