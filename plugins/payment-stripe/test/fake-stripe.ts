import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw form, to check Stripe's bracketed keys as they were sent. */
  form: URLSearchParams;
}

/** A canned answer for the next authenticated request. */
export interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type StripeObject = Record<string, unknown>;

export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: the connection's `baseUrl`. */
  baseUrl: string;
  received: Received[];
  sessions: Map<string, StripeObject>;
  intents: Map<string, StripeObject>;
  refunds: Map<string, StripeObject>;
  /** Answers the next authenticated request with this (429s before the idempotency layer, others inside it, as Stripe does). */
  answerNext(answer: Scripted): void;
  /** The customer pays a Checkout Session: its PaymentIntent succeeds; returns the events Stripe would send. */
  pay(sessionId: string): StripeObject[];
  /** Posts an event to a webhook endpoint, signed as Stripe signs (`t=…,v1=…`). */
  deliver(url: string, event: StripeObject, options?: { timestamp?: number; secret?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * A Stripe API on 127.0.0.1 following Stripe's documented behaviour: Bearer secret key,
 * form-encoded bodies with bracketed keys, errors as `{ error: { type, code, message, param } }`,
 * and idempotency: the first answer to an `Idempotency-Key` (once the endpoint ran, errors
 * included) is replayed for the same key with `Idempotent-Replayed: true`; the same key with other
 * parameters is an `idempotency_error`. Rate limiting (429) runs before that layer and is not saved.
 */
export async function startFakeStripe(account: { secretKey: string; webhookSecret: string; now?: () => number }): Promise<FakeStripe> {
  const received: Received[] = [];
  const sessions = new Map<string, StripeObject>();
  const intents = new Map<string, StripeObject>();
  const refunds = new Map<string, StripeObject>();
  const scripted: Scripted[] = [];
  const saved = new Map<string, { route: string; params: string; status: number; body: unknown }>();
  const now = account.now ?? (() => Math.floor(Date.now() / 1000));

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => reply(res, 500, apiError('api_error', String(error))));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const form = new URLSearchParams(raw);
    received.push({ method: req.method ?? '', path, headers: req.headers, form });

    if (req.headers.authorization !== `Bearer ${account.secretKey}`) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      return reply(res, 401, apiError('invalid_request_error', `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`));
    }
    if (scripted[0]?.status === 429) {
      const next = scripted.shift()!;
      return reply(res, next.status, next.body, next.headers);
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      return reply(res, 400, apiError('invalid_request_error', 'Invalid request: the body must be application/x-www-form-urlencoded'));
    }

    const key = req.headers['idempotency-key'];
    const route = `${req.method} ${path}`;
    const params = [...form].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => `${name}=${value}`).join('&');
    if (typeof key === 'string') {
      const first = saved.get(key);
      if (first) {
        if (first.route !== route || first.params !== params) {
          return reply(res, 400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
        }
        return reply(res, first.status, first.body, { 'idempotent-replayed': 'true', 'original-request': 'req_original' });
      }
    }

    const result = endpoint(route, decode(form));
    // Invalid parameters fail before the endpoint runs: Stripe does not save those answers.
    if (typeof key === 'string' && result.ran) saved.set(key, { route, params, status: result.status, body: result.body });
    return reply(res, result.status, result.body, result.headers);
  }

  function endpoint(route: string, body: Nested): { status: number; body: unknown; ran: boolean; headers?: Record<string, string> } {
    const handler = routes[route];
    if (!handler) return { status: 404, body: apiError('invalid_request_error', `Unrecognized request URL (${route.replace(' ', ': ')}).`), ran: false };
    const missing = handler.required.find((param) => lookup(body, param) === undefined);
    if (missing) return { status: 400, body: apiError('invalid_request_error', `Missing required param: ${missing}.`, 'parameter_missing', missing), ran: false };
    const next = scripted.shift();
    if (next) return { ...next, ran: true };
    return { ...handler.run(body), ran: true };
  }

  const routes: Record<string, { required: string[]; run: (body: Nested) => { status: number; body: unknown; ran?: boolean } }> = {
    'POST /v1/checkout/sessions': {
      required: ['mode', 'line_items[0][price_data][currency]', 'line_items[0][price_data][unit_amount]', 'line_items[0][price_data][product_data][name]', 'line_items[0][quantity]'],
      run(body) {
        const item = (body.line_items as Nested[])[0]!;
        const price = item.price_data as Nested;
        const unit = Number(price.unit_amount);
        if (!Number.isInteger(unit) || unit < 1) return { status: 400, body: apiError('invalid_request_error', 'Invalid integer: unit_amount', 'parameter_invalid_integer', 'line_items[0][price_data][unit_amount]') };
        const id = `cs_test_${randomBytes(12).toString('hex')}`;
        const created = now();
        const session = {
          id,
          object: 'checkout.session',
          amount_subtotal: unit * Number(item.quantity),
          amount_total: unit * Number(item.quantity),
          cancel_url: body.cancel_url ?? null,
          client_reference_id: body.client_reference_id ?? null,
          created,
          currency: price.currency,
          expires_at: created + 86_400,
          livemode: false,
          metadata: body.metadata ?? {},
          mode: body.mode,
          payment_intent: null,
          payment_intent_data: body.payment_intent_data ?? null, // kept here for pay(); not a field Stripe returns
          payment_status: 'unpaid',
          status: 'open',
          success_url: body.success_url ?? null,
          url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
        };
        sessions.set(id, session);
        const { payment_intent_data: _, ...shown } = session;
        return { status: 200, body: shown };
      },
    },
    'POST /v1/payment_intents': {
      required: ['amount', 'currency'],
      run(body) {
        if (body.customer !== undefined && !String(body.customer).startsWith('cus_')) {
          return { status: 400, body: apiError('invalid_request_error', `No such customer: '${String(body.customer)}'`, 'resource_missing', 'customer') };
        }
        const intent = newIntent({ amount: Number(body.amount), currency: String(body.currency), metadata: (body.metadata as StripeObject) ?? {}, description: body.description ?? null, customer: body.customer ?? null });
        return { status: 200, body: intent };
      },
    },
    'POST /v1/refunds': {
      required: ['payment_intent'],
      run(body) {
        const intent = intents.get(String(body.payment_intent));
        if (!intent) return { status: 400, body: apiError('invalid_request_error', `No such payment_intent: '${String(body.payment_intent)}'`, 'resource_missing', 'payment_intent') };
        if (intent.status !== 'succeeded') return { status: 400, body: apiError('invalid_request_error', `This PaymentIntent (${String(intent.id)}) does not have a successful charge to refund.`, 'charge_not_refundable') };
        const amount = body.amount === undefined ? Number(intent.amount) : Number(body.amount);
        if (amount > Number(intent.amount)) return { status: 400, body: apiError('invalid_request_error', `Refund amount (${amount}) is greater than charge amount (${String(intent.amount)})`, 'amount_too_large', 'amount') };
        const refund = { id: `re_${randomBytes(12).toString('hex')}`, object: 'refund', amount, currency: intent.currency, payment_intent: intent.id, charge: intent.latest_charge, metadata: body.metadata ?? {}, reason: body.reason ?? null, status: 'succeeded', created: now() };
        refunds.set(refund.id, refund);
        return { status: 200, body: refund };
      },
    },
  };

  function newIntent(fields: { amount: number; currency: string; metadata: StripeObject; description: unknown; customer: unknown }): StripeObject {
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const intent = {
      id,
      object: 'payment_intent',
      amount: fields.amount,
      amount_received: 0,
      automatic_payment_methods: { enabled: true },
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      created: now(),
      currency: fields.currency,
      customer: fields.customer,
      description: fields.description,
      latest_charge: null,
      livemode: false,
      metadata: fields.metadata,
      status: 'requires_payment_method',
    };
    intents.set(id, intent);
    return intent;
  }

  function event(type: string, object: StripeObject): StripeObject {
    return { id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', api_version: '2024-06-20', created: now(), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    sessions,
    intents,
    refunds,
    answerNext: (answer) => void scripted.push(answer),
    pay(sessionId) {
      const session = sessions.get(sessionId)!;
      const intentData = (session.payment_intent_data as Nested | null) ?? {};
      const intent = newIntent({ amount: Number(session.amount_total), currency: String(session.currency), metadata: (intentData.metadata as StripeObject) ?? {}, description: intentData.description ?? null, customer: null });
      Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: `ch_${randomBytes(12).toString('hex')}` });
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: intent.id, url: null });
      const { payment_intent_data: _, ...shown } = session;
      return [event('payment_intent.succeeded', { ...intent }), event('checkout.session.completed', { ...shown })];
    },
    async deliver(url, payload, options = {}) {
      const body = JSON.stringify(payload, null, 2);
      const timestamp = options.timestamp ?? now();
      const signature = createHmac('sha256', options.secret ?? account.webhookSecret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${timestamp},v1=${signature}`, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body,
      });
      return { status: response.status, body: await response.text() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

type Nested = { [key: string]: unknown };

/**
 * Stripe's bracketed keys back into objects and lists (`a[b][0][c]=1` → `{ a: { b: [{ c: '1' }] } }`),
 * written separately from the plugin's encoder.
 */
export function decode(form: URLSearchParams): Nested {
  const root: Nested = {};
  for (const [key, value] of form) {
    const names = [key.split('[')[0]!, ...[...key.matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]!)];
    let node: Record<string, unknown> = root;
    names.forEach((name, index) => {
      if (index === names.length - 1) {
        node[name] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(names[index + 1]!);
      node[name] ??= nextIsIndex ? [] : {};
      node = node[name] as Record<string, unknown>;
    });
  }
  return root;
}

function lookup(body: Nested, param: string): unknown {
  const names = param.split(/\[|\]\[|\]/).filter((name) => name !== '');
  let node: unknown = body;
  for (const name of names) node = node === undefined || node === null ? undefined : (node as Record<string, unknown>)[name];
  return node;
}

function apiError(type: string, message: string, code?: string, param?: string) {
  return { error: { type, message, ...(code && { code }), ...(param && { param }), ...(code && { doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` }) } };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(7).toString('hex')}`, ...headers });
  res.end(JSON.stringify(body));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
