import { Validator } from '@seriousme/openapi-schema-validator';
import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './setup.ts';

const targets = await databaseTargets();

describe.each(targets)('the API on $name', (target) => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await target.open();
    s = await setup(t);
  });
  afterAll(() => t?.close());

  it('answers health without a token, with the database and migration level', async () => {
    const res = await s.call(undefined, 'GET', '/api/v1/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', database: target.name, migration: expect.stringMatching(/^2026-/) } });
  });

  it('refuses a missing or unknown token with problem+json', async () => {
    for (const token of [undefined, 'tp_nope']) {
      const res = await s.call(token, 'GET', '/api/v1/cases');
      expect(res.status).toBe(401);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, code: 'TP_UNAUTHENTICATED' });
    }
  });

  it('runs a worry-free rebooking case through the API, from draft to survey', async () => {
    const { token } = await s.tenant('happy-travel');
    const validation = await s.call(token, 'POST', '/api/v1/blueprints', { document: { id: 'draft-only', name: 'x' } }).then(() => s.call(token, 'POST', '/api/v1/blueprints/draft-only/validate'));
    expect(validation.body.ok).toBe(false);
    expect(validation.body.problems.length).toBeGreaterThan(0);

    const { deploymentId } = await s.deployTemplate(token);
    expect((await s.call(token, 'POST', '/api/v1/customers', { id: 'c-1', name: 'Han Meimei', locale: 'en', data: { addresses: { 'channel-sms': '+8613800000002' } } })).status).toBe(201);
    const product = await s.call(token, 'POST', '/api/v1/customers/c-1/products', { productId: 'worry-free' });
    expect(product).toMatchObject({ status: 201, body: { productId: 'worry-free', entitlements: { freeRebookings: 2, priorityQueue: true }, validUntil: '2027-11-24T02:00:00.000Z' } });
    expect((await s.call(token, 'POST', '/api/v1/customers/c-1/products', { productId: 'platinum' })).body.code).toBe('TP_UNKNOWN_PRODUCT');

    const started = await s.call(token, 'POST', '/api/v1/cases', { deploymentId, customerId: 'c-1', data: { orderId: 'T-9' }, channel: 'channel-sms' });
    expect(started).toMatchObject({ status: 201, body: { created: true } });
    const caseId = started.body.caseId;
    await s.worker.drain();

    const inbox = await s.call(token, 'GET', '/api/v1/tasks?queue=rebooking-express');
    expect(inbox.body.items).toHaveLength(1);
    const task = inbox.body.items[0];
    expect(task).toMatchObject({ caseId, nodeId: 'express-rebooking', priority: 5, status: 'open' });
    expect((await s.call(token, 'POST', `/api/v1/tasks/${task.id}/claim`, { assignee: 'agent-zhang' })).body.status).toBe('claimed');
    const invalid = await s.call(token, 'POST', `/api/v1/tasks/${task.id}/complete`, { data: { amountDue: 'lots' } });
    expect(invalid).toMatchObject({ status: 422, body: { code: 'TP_RUNTIME_FORM_INVALID' } });
    expect(invalid.body.errors).toEqual(expect.arrayContaining([{ path: 'newDeparture', message: 'is required' }, { path: 'amountDue', message: 'must be number' }]));
    expect((await s.call(token, 'POST', `/api/v1/tasks/${task.id}/complete`, { data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 } })).body.status).toBe('completed');
    await s.worker.drain();

    const answered = await s.call(token, 'POST', `/api/v1/cases/${caseId}/events`, { name: 'survey.answered', data: { score: 4 } });
    expect(answered.body).toEqual({ caseId, status: 'completed', changed: true });
    const detail = await s.call(token, 'GET', `/api/v1/cases/${caseId}`);
    expect(detail.body).toMatchObject({ status: 'completed', outcome: 'resolved', customerId: 'c-1' });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toContain('survey.answered');
    const customer = await s.call(token, 'GET', '/api/v1/customers/c-1');
    expect(customer.body.products[0].entitlements.freeRebookings).toBe(1);
  });

  it('pages through cases with a cursor, newest first, without repeats', async () => {
    const { token } = await s.tenant('pager');
    const { deploymentId } = await s.deployTemplate(token);
    for (let i = 0; i < 5; i++) {
      s.clock.advance(1_000);
      await s.call(token, 'POST', '/api/v1/cases', { deploymentId, caseId: `case-${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await s.call(token, 'GET', `/api/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['case-4', 'case-3', 'case-2', 'case-1', 'case-0']);
    expect((await s.call(token, 'GET', '/api/v1/cases?cursor=garbage')).status).toBe(400);
    expect((await s.call(token, 'GET', '/api/v1/cases?status=lost')).body.errors[0].path).toBe('status');
  });

  it('answers bad input with a clear problem and changes nothing', async () => {
    const { token } = await s.tenant('bad-input');
    const malformed = await s.call(token, 'POST', '/api/v1/cases', '{"deploymentId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.type).toContain('application/problem+json');
    const wrongType = await s.call(token, 'POST', '/api/v1/cases', { deploymentId: 42 });
    expect(wrongType).toMatchObject({ status: 400, body: { code: 'TP_VALIDATION', errors: [{ path: 'deploymentId' }] } });
    const huge = await s.call(token, 'POST', '/api/v1/cases', { deploymentId: 'd', data: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge).toMatchObject({ status: 413, body: { code: 'TP_PAYLOAD_TOO_LARGE' } });
    const unknown = await s.call(token, 'POST', '/api/v1/cases', { deploymentId: 'nope' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'TP_RUNTIME_NOT_FOUND' } });
    expect((await s.call(token, 'GET', '/api/v1/nowhere')).status).toBe(404);
    expect(await t.db.selectFrom('cases').select('id').where('tenant_id', 'like', 'bad-input%').execute()).toEqual([]);
  });

  it('publishes an OpenAPI 3.1 document that validates, and a reference page', async () => {
    const res = await s.call(undefined, 'GET', '/api/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/tasks/{id}/complete', '/api/v1/blueprints/{id}/publish']));
    const validation = await new Validator().validate(res.body);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    const page = await s.app.request('/api/reference');
    const html = await page.text();
    expect(html).toContain('<code>/api/v1/cases</code>');
    expect(html).not.toContain('/api/v1/api/v1');
  });
});
