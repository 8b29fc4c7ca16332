import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * HubSpot's CRM v3 contacts API on 127.0.0.1, in its documented formats: Bearer private-app
 * tokens, `POST /crm/v3/objects/contacts/search` with filterGroups (ORed) of filters (ANDed),
 * create (201, 409 "Contact already exists. Existing ID: …"), update (PATCH, 404), and its error
 * body `{ status: 'error', message, correlationId, category }`; 429s with `Retry-After` and
 * `policyName` when told to.
 */
export interface FakeHubSpot {
  readonly baseUrl: string;
  readonly token: string;
  /** Every request as received, with the time it arrived (ms). */
  readonly requests: Array<{ method: string; path: string; authorization: string | undefined; contentType: string | undefined; body: any; at: number }>;
  /** Answers sent for each request, in order: status and when. */
  readonly answers: Array<{ status: number; at: number }>;
  /** Contacts by id. `indexed: false` hides one from search (HubSpot's search lags behind writes). */
  readonly contacts: Map<string, { properties: Record<string, string>; indexed: boolean }>;
  addContact(properties: Record<string, string>, options?: { indexed?: boolean }): string;
  /** The next requests answer 429 with these headers and policy (first in, first out). */
  readonly rateLimitNext: Array<{ retryAfter?: string; policyName: string }>;
  /** The next requests answer these statuses (5xx, 403) before anything else. */
  readonly failNext: number[];
  close(): Promise<void>;
}

/** The properties this portal has; anything else is PROPERTY_DOESNT_EXIST. */
const KNOWN_PROPERTIES = new Set(['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'lifecyclestage', 'hs_object_id', 'touchpoint_last_case', 'vip_tier', 'createdate', 'lastmodifieddate']);
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

export async function startFakeHubSpot(): Promise<FakeHubSpot> {
  let nextId = 151;
  const state = {
    token: 'pat-na1-11111111-2222-3333-4444-555555555555',
    requests: [] as FakeHubSpot['requests'],
    answers: [] as FakeHubSpot['answers'],
    contacts: new Map<string, { properties: Record<string, string>; indexed: boolean }>(),
    rateLimitNext: [] as FakeHubSpot['rateLimitNext'],
    failNext: [] as number[],
    addContact(properties: Record<string, string>, options: { indexed?: boolean } = {}) {
      const id = String(nextId++);
      state.contacts.set(id, { properties: { ...properties, hs_object_id: id, createdate: '2025-03-01T08:00:00.000Z' }, indexed: options.indexed ?? true });
      return id;
    },
  };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    state.answers.push({ status, at: Date.now() });
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  };
  const problem = (response: ServerResponse, status: number, category: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    send(response, status, { status: 'error', message, correlationId: randomUUID(), category, ...extra }, headers);
  const view = (id: string, wanted: readonly string[]) => {
    const contact = state.contacts.get(id)!;
    const properties: Record<string, string | null> = {};
    for (const name of wanted) properties[name] = contact.properties[name] ?? null;
    return { id, properties, createdAt: '2025-03-01T08:00:00.000Z', updatedAt: '2025-03-01T08:00:00.000Z', archived: false };
  };
  const invalidProperties = (properties: Record<string, unknown>) => Object.keys(properties).filter((name) => !KNOWN_PROPERTIES.has(name));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const authorization = request.headers.authorization;
    state.requests.push({ method: request.method ?? '', path: url.pathname, authorization, contentType: request.headers['content-type'], body, at: Date.now() });

    const failure = state.failNext.shift();
    if (failure !== undefined && failure >= 500) {
      if (failure === 502) {
        state.answers.push({ status: 502, at: Date.now() });
        response.writeHead(502, { 'content-type': 'text/html' });
        return void response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
      return problem(response, failure, 'INTERNAL_ERROR', 'internal error');
    }
    if (authorization !== `Bearer ${state.token}`) {
      return problem(response, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    if (failure === 403) return problem(response, 403, 'MISSING_SCOPES', 'This app hasn\'t been granted all required scopes to make this call.', { errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }] });
    const limit = state.rateLimitNext.shift();
    if (limit !== undefined) {
      const message = limit.policyName === 'DAILY' ? 'You have reached your daily limit.' : `You have reached your ${limit.policyName.toLowerCase()} limit.`;
      return problem(response, 429, 'RATE_LIMITS', message, { errorType: 'RATE_LIMIT', policyName: limit.policyName, groupName: 'publicapi:private-app:1234' }, limit.retryAfter === undefined ? {} : { 'retry-after': limit.retryAfter });
    }
    if (request.method !== 'GET' && !/^application\/json/.test(request.headers['content-type'] ?? '')) {
      return problem(response, 415, 'VALIDATION_ERROR', 'Unsupported Media Type');
    }

    if (request.method === 'POST' && url.pathname === '/crm/v3/objects/contacts/search') {
      const groups = body?.filterGroups;
      const shapeOk =
        Array.isArray(groups) &&
        groups.length <= 5 &&
        groups.every((group: any) => Array.isArray(group?.filters) && group.filters.length <= 6 && group.filters.every((filter: any) => typeof filter?.propertyName === 'string' && OPERATORS.has(filter.operator) && (filter.value === undefined || typeof filter.value === 'string'))) &&
        (body.properties === undefined || (Array.isArray(body.properties) && body.properties.every((name: unknown) => typeof name === 'string'))) &&
        (body.limit === undefined || (Number.isInteger(body.limit) && body.limit >= 1 && body.limit <= 200));
      if (!shapeOk) return problem(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: filterGroups, properties or limit is malformed');
      const matches = (properties: Record<string, string>, filter: any) => {
        const actual = properties[filter.propertyName];
        if (filter.operator !== 'EQ') return false; // the fake implements only what the plugin uses
        return filter.propertyName === 'email' ? actual?.toLowerCase() === filter.value.toLowerCase() : actual === filter.value;
      };
      const found = [...state.contacts.entries()]
        .filter(([, contact]) => contact.indexed)
        .filter(([, contact]) => groups.length === 0 || groups.some((group: any) => group.filters.every((filter: any) => matches(contact.properties, filter))))
        .map(([id]) => id);
      const wanted = body.properties ?? ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
      return send(response, 200, { total: found.length, results: found.slice(0, body.limit ?? 10).map((id) => view(id, wanted)) });
    }

    if (request.method === 'POST' && url.pathname === '/crm/v3/objects/contacts') {
      const properties = body?.properties;
      if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return problem(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON: properties is required');
      const unknown = invalidProperties(properties);
      if (unknown.length > 0) {
        return problem(response, 400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(unknown.map((name) => ({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name })))}`);
      }
      const email = typeof properties.email === 'string' ? properties.email.toLowerCase() : undefined;
      const taken = email === undefined ? undefined : [...state.contacts.entries()].find(([, contact]) => contact.properties.email?.toLowerCase() === email);
      if (taken !== undefined) return problem(response, 409, 'CONFLICT', `Contact already exists. Existing ID: ${taken[0]}`);
      const id = state.addContact(properties);
      return send(response, 201, view(id, Object.keys(properties)));
    }

    const record = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && record !== null) {
      const id = record[1]!;
      const properties = body?.properties;
      if (typeof properties !== 'object' || properties === null) return problem(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON: properties is required');
      const contact = state.contacts.get(id);
      if (contact === undefined) return problem(response, 404, 'OBJECT_NOT_FOUND', 'resource not found');
      const unknown = invalidProperties(properties);
      if (unknown.length > 0) return problem(response, 400, 'VALIDATION_ERROR', `Property values were not valid: Property "${unknown[0]}" does not exist`);
      Object.assign(contact.properties, properties);
      return send(response, 200, view(id, Object.keys(properties)));
    }
    return problem(response, 404, 'OBJECT_NOT_FOUND', 'Not found');
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
  });
}
