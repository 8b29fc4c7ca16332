import { loadPlugin, runAction, type LogEntry } from '@touchpoint/plugin-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin, { DEFAULT_PROPERTIES, rateLimitWait } from '../src/index.ts';
import { startFakeHubSpot, type FakeHubSpot } from './fake-hubspot.ts';

let hubspot: FakeHubSpot;
beforeEach(async () => {
  hubspot = await startFakeHubSpot();
});
afterEach(() => hubspot.close());

const connection = () => ({ accessToken: hubspot.token, baseUrl: hubspot.baseUrl });
const logs: LogEntry[] = [];
const options = (extra: { signal?: AbortSignal } = {}) => ({ connection: connection(), logger: (entry: LogEntry) => logs.push(entry), ...extra });
beforeEach(() => {
  logs.length = 0;
});

describe('the plugin', () => {
  it('installs as a crm plugin with a secret token and editor hints', () => {
    const { manifest } = loadPlugin(plugin);
    expect(manifest).toMatchObject({ id: 'crm-hubspot', kind: 'crm', editor: { label: { 'zh-CN': 'HubSpot 客户管理', en: 'HubSpot CRM' } } });
    expect(Object.keys(manifest.actions)).toEqual(['findContact', 'upsertContact', 'updateContact']);
    const properties = (manifest.connection as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(properties.accessToken).toMatchObject({ 'x-touchpoint-secret': true, writeOnly: true });
    expect(properties.baseUrl).toMatchObject({ default: 'https://api.hubapi.com' });
  });
});

describe('findContact', () => {
  it('searches by email with the documented body and Bearer token, and returns the contact', async () => {
    const id = hubspot.addContact({ email: 'li.wei@example.com', firstname: 'Wei', lastname: 'Li', phone: '+8613800000000' });
    const output = await runAction(plugin, 'findContact', { email: 'Li.Wei@Example.com' }, options());
    expect(output).toEqual({
      found: true,
      id,
      properties: { email: 'li.wei@example.com', firstname: 'Wei', lastname: 'Li', phone: '+8613800000000', mobilephone: null, lifecyclestage: null, hs_object_id: id },
    });
    expect(hubspot.requests).toEqual([
      {
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        authorization: `Bearer ${hubspot.token}`,
        contentType: 'application/json',
        body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'li.wei@example.com' }] }], properties: [...DEFAULT_PROPERTIES], limit: 10 },
        at: expect.any(Number),
      },
    ]);
  });

  it('searches phone and mobile phone, and prefers the contact whose email matches', async () => {
    hubspot.addContact({ email: 'other@example.com', phone: '+8613900000000' });
    const byPhone = await runAction(plugin, 'findContact', { phone: '+8613900000000', properties: ['vip_tier'] }, options());
    expect(byPhone).toMatchObject({ found: true, properties: { email: 'other@example.com', vip_tier: null } });
    expect(hubspot.requests[0]!.body.filterGroups).toEqual([
      { filters: [{ propertyName: 'phone', operator: 'EQ', value: '+8613900000000' }] },
      { filters: [{ propertyName: 'mobilephone', operator: 'EQ', value: '+8613900000000' }] },
    ]);
    expect(hubspot.requests[0]!.body.properties).toContain('vip_tier');

    const wanted = hubspot.addContact({ email: 'wanted@example.com', mobilephone: '+8613700000000' });
    hubspot.addContact({ email: 'shares-the-phone@example.com', phone: '+8613900000000' });
    const both = await runAction(plugin, 'findContact', { email: 'wanted@example.com', phone: '+8613900000000' }, options());
    expect(both).toMatchObject({ found: true, id: wanted });
    expect(hubspot.requests[1]!.body.filterGroups).toHaveLength(3);
  });

  it('answers found: false when nobody matches', async () => {
    expect(await runAction(plugin, 'findContact', { email: 'nobody@example.com' }, options())).toEqual({ found: false });
  });

  it('needs an email or a phone number, and checks the email', async () => {
    await expect(runAction(plugin, 'findContact', {}, options())).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID', problems: [{ path: 'email', message: 'give an email or a phone number' }] });
    await expect(runAction(plugin, 'findContact', { email: 'not-an-email' }, options())).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
    expect(hubspot.requests).toEqual([]);
  });
});

describe('upsertContact', () => {
  it('creates a contact nobody has, with the given properties', async () => {
    const output = await runAction(plugin, 'upsertContact', { email: 'New@Example.com', firstname: '小明', lastname: '王', phone: '+8613600000000', properties: { vip_tier: 'gold', company: null } }, options());
    expect(output).toEqual({ id: expect.stringMatching(/^\d+$/), created: true });
    expect(hubspot.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts']);
    expect(hubspot.requests[0]!.body).toEqual({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'new@example.com' }] }], properties: ['email'], limit: 1 });
    expect(hubspot.requests[1]!.body).toEqual({ properties: { vip_tier: 'gold', company: '', email: 'new@example.com', firstname: '小明', lastname: '王', phone: '+8613600000000' } });
    expect(hubspot.contacts.get(output.id)!.properties).toMatchObject({ email: 'new@example.com', firstname: '小明' });
  });

  it('updates the contact the search finds', async () => {
    const id = hubspot.addContact({ email: 'known@example.com', firstname: 'Old' });
    expect(await runAction(plugin, 'upsertContact', { email: 'known@example.com', firstname: 'New', properties: { touchpoint_last_case: 'case-42' } }, options())).toEqual({ id, created: false });
    expect(hubspot.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /crm/v3/objects/contacts/search', `PATCH /crm/v3/objects/contacts/${id}`]);
    expect(hubspot.requests[1]!.body).toEqual({ properties: { touchpoint_last_case: 'case-42', email: 'known@example.com', firstname: 'New' } });
    expect(hubspot.contacts.get(id)!.properties.firstname).toBe('New');
  });

  it('updates instead when the create conflicts with a contact search did not show yet (409)', async () => {
    const id = hubspot.addContact({ email: 'just-created@example.com' }, { indexed: false });
    expect(await runAction(plugin, 'upsertContact', { email: 'just-created@example.com', lastname: 'Zhang' }, options())).toEqual({ id, created: false });
    expect(hubspot.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/contacts',
      `PATCH /crm/v3/objects/contacts/${id}`,
    ]);
    expect(hubspot.contacts.get(id)!.properties.lastname).toBe('Zhang');
  });

  it("reports HubSpot's validation message for a property the portal lacks", async () => {
    await expect(runAction(plugin, 'upsertContact', { email: 'a@example.com', properties: { favourite_colour: 'blue' } }, options())).rejects.toThrow(
      /TP_PLUGIN_FAILED: crm-hubspot\.upsertContact for case test-case: TP_PLUGIN_HTTP: HubSpot POST \/crm\/v3\/objects\/contacts answered 400: Property values were not valid: .*Property \\"favourite_colour\\" does not exist.*\(correlationId [0-9a-f-]+\)/,
    );
  });
});

describe('updateContact', () => {
  it('patches the properties, as strings', async () => {
    const id = hubspot.addContact({ email: 'x@example.com' });
    expect(await runAction(plugin, 'updateContact', { id, properties: { vip_tier: 'silver', touchpoint_last_case: 7, lifecyclestage: 'customer' } }, options())).toEqual({ id });
    expect(hubspot.requests[0]).toMatchObject({ method: 'PATCH', path: `/crm/v3/objects/contacts/${id}`, body: { properties: { vip_tier: 'silver', touchpoint_last_case: '7', lifecyclestage: 'customer' } } });
  });

  it('fails with status 404 for a contact that does not exist', async () => {
    await expect(runAction(plugin, 'updateContact', { id: '999', properties: { vip_tier: 'gold' } }, options())).rejects.toMatchObject({
      code: 'TP_PLUGIN_FAILED',
      status: 404,
      message: expect.stringContaining('HubSpot has no contact with id 999'),
    });
  });

  it('refuses an id that is not a record id, and an empty update', async () => {
    await expect(runAction(plugin, 'updateContact', { id: '../owners', properties: { a: 'b' } }, options())).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
    await expect(runAction(plugin, 'updateContact', { id: '151', properties: {} }, options())).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
    expect(hubspot.requests).toEqual([]);
  });
});

describe('rate limits', () => {
  it('waits out a 429 with Retry-After: 1, then succeeds', async () => {
    hubspot.addContact({ email: 'busy@example.com' });
    hubspot.rateLimitNext.push({ retryAfter: '1', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(await runAction(plugin, 'findContact', { email: 'busy@example.com' }, options())).toMatchObject({ found: true });
    expect(hubspot.answers.map((answer) => answer.status)).toEqual([429, 200]);
    const waited = hubspot.requests[1]!.at - hubspot.answers[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(3000);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'hubspot rate limit: waiting before retrying', fields: expect.objectContaining({ waitMs: 1000, policy: 'TEN_SECONDLY_ROLLING' }) }));
  });

  it('without Retry-After, waits by policy: 1 s for the per-second limit', async () => {
    hubspot.rateLimitNext.push({ policyName: 'SECONDLY' });
    expect(await runAction(plugin, 'findContact', { email: 'x@example.com' }, options())).toEqual({ found: false });
    expect(hubspot.requests[1]!.at - hubspot.answers[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after 3 retries with status 429', async () => {
    for (let index = 0; index < 4; index += 1) hubspot.rateLimitNext.push({ retryAfter: '0', policyName: 'TEN_SECONDLY_ROLLING' });
    await expect(runAction(plugin, 'findContact', { email: 'x@example.com' }, options())).rejects.toMatchObject({
      code: 'TP_PLUGIN_FAILED',
      status: 429,
      message: expect.stringContaining('answered 429 (rate limit TEN_SECONDLY_ROLLING): still limited after 4 attempts'),
    });
    expect(hubspot.requests).toHaveLength(4);
  });

  it('does not wait for the daily limit, nor longer than 10 s', async () => {
    hubspot.rateLimitNext.push({ policyName: 'DAILY' });
    await expect(runAction(plugin, 'findContact', { email: 'x@example.com' }, options())).rejects.toMatchObject({ status: 429, message: expect.stringContaining('the DAILY limit resets later') });
    hubspot.rateLimitNext.push({ retryAfter: '60', policyName: 'TEN_SECONDLY_ROLLING' });
    const started = Date.now();
    await expect(runAction(plugin, 'findContact', { email: 'x@example.com' }, options())).rejects.toMatchObject({ status: 429, message: expect.stringContaining('asks to wait 60 s') });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hubspot.requests).toHaveLength(2);
  });

  it('stops waiting when the call is aborted', async () => {
    hubspot.rateLimitNext.push({ retryAfter: '5', policyName: 'TEN_SECONDLY_ROLLING' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(runAction(plugin, 'findContact', { email: 'x@example.com' }, options({ signal: controller.signal }))).rejects.toMatchObject({ code: 'TP_PLUGIN_ABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hubspot.requests).toHaveLength(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(rateLimitWait('2', 'TEN_SECONDLY_ROLLING', 1)).toBe(2000);
    expect(rateLimitWait('0.5', undefined, 1)).toBe(500);
    const inThree = new Date(Date.now() + 3000).toUTCString();
    expect(rateLimitWait(inThree, undefined, 1)).toBeGreaterThan(1000);
    expect(rateLimitWait(null, 'SECONDLY', 2)).toBe(2000);
    expect(rateLimitWait(null, 'DAILY', 1)).toBeUndefined();
  });
});

describe('errors', () => {
  it('a wrong token is a coded 401 that does not repeat the token', async () => {
    const failure = runAction(plugin, 'findContact', { email: 'x@example.com' }, { connection: { accessToken: 'pat-na1-wrong-token-123', baseUrl: hubspot.baseUrl } });
    await expect(failure).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 401, message: expect.stringContaining('HubSpot refused the access token') });
    await expect(failure).rejects.not.toThrow(/pat-na1-wrong-token-123/);
    expect(hubspot.requests[0]!.authorization).toBe('Bearer pat-na1-wrong-token-123');
  });

  it('a missing scope is a coded 403 naming the scopes', async () => {
    hubspot.failNext.push(403);
    await expect(runAction(plugin, 'upsertContact', { email: 'x@example.com' }, options())).rejects.toMatchObject({ status: 403, message: expect.stringContaining('crm.objects.contacts.write') });
  });

  it('a 5xx fails the step with its status, at once, for the runtime to retry', async () => {
    hubspot.failNext.push(502);
    await expect(runAction(plugin, 'findContact', { email: 'x@example.com' }, options())).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 502, message: expect.stringContaining('502 Bad Gateway') });
    hubspot.failNext.push(500);
    await expect(runAction(plugin, 'updateContact', { id: '151', properties: { a: 'b' } }, options())).rejects.toMatchObject({ status: 500, message: expect.stringContaining('HubSpot failed; the step can be retried') });
    expect(hubspot.requests).toHaveLength(2);
  });

  it('a HubSpot that cannot be reached is TP_PLUGIN_HTTP without a status', async () => {
    const baseUrl = hubspot.baseUrl;
    await hubspot.close();
    const failure = runAction(plugin, 'findContact', { email: 'x@example.com' }, { connection: { accessToken: hubspot.token, baseUrl } });
    await expect(failure).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED', status: undefined, message: expect.stringContaining('TP_PLUGIN_HTTP: HubSpot POST /crm/v3/objects/contacts/search: fetch failed') });
    hubspot = await startFakeHubSpot(); // for afterEach
  });
});
