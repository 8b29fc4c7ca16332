import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/index.ts';
import { setup } from './setup.ts';

const targets = await databaseTargets();

/** A snapshot of everything a tenant owns, to prove a refused request changed nothing. */
async function snapshot(t: TestDatabase, tenantId: string) {
  const tables = ['blueprints', 'blueprint_versions', 'deployments', 'customers', 'customer_products', 'cases', 'case_events', 'tasks', 'effects', 'api_tokens'] as const;
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await t.db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).orderBy('tenant_id').execute();
  return JSON.stringify(out);
}

describe.each(targets)('tenant isolation and roles on $name', (target) => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof setup>>;
  let a: { id: string; token: string };
  let b: { id: string; token: string };
  let ids: { caseId: string; taskId: string; deploymentId: string; versionId: string; tokenId: string };

  beforeAll(async () => {
    t = await target.open();
    s = await setup(t);
    a = await s.tenant('agency-a');
    b = await s.tenant('agency-b');
    const deployed = await s.deployTemplate(a.token);
    await s.deployTemplate(b.token);
    await s.call(a.token, 'POST', '/api/v1/customers', { id: 'cust-a', name: 'A' });
    const started = await s.call(a.token, 'POST', '/api/v1/cases', { deploymentId: deployed.deploymentId, customerId: 'cust-a' });
    await s.worker.drain();
    const tasks = await s.call(a.token, 'GET', '/api/v1/tasks');
    const tokens = await s.call(a.token, 'GET', '/api/v1/tokens');
    ids = { caseId: started.body.caseId, taskId: tasks.body.items[0].id, ...deployed, tokenId: tokens.body.items[0].id };
  });
  afterAll(() => t?.close());

  /** Every endpoint that names something of tenant A. */
  const endpoints = () => [
    ['GET', `/api/v1/cases/${ids.caseId}`],
    ['POST', `/api/v1/cases/${ids.caseId}/cancel`, {}],
    ['POST', `/api/v1/cases/${ids.caseId}/retry`],
    ['POST', `/api/v1/cases/${ids.caseId}/events`, { name: 'customer.message', data: {} }],
    ['POST', '/api/v1/cases', { deploymentId: ids.deploymentId }],
    ['GET', `/api/v1/tasks/${ids.taskId}`],
    ['POST', `/api/v1/tasks/${ids.taskId}/claim`, { assignee: 'intruder' }],
    ['POST', `/api/v1/tasks/${ids.taskId}/complete`, { data: {} }],
    ['POST', `/api/v1/tasks/${ids.taskId}/reassign`, { queue: 'elsewhere' }],
    ['GET', '/api/v1/customers/cust-a'],
    ['POST', '/api/v1/customers/cust-a/products', { productId: 'worry-free' }],
    ['POST', `/api/v1/deployments/${ids.deploymentId}/deactivate`],
    ['POST', `/api/v1/deployments/${ids.deploymentId}/activate`],
    ['POST', '/api/v1/deployments', { versionId: ids.versionId, name: 'stolen' }],
    ['DELETE', `/api/v1/tokens/${ids.tokenId}`],
  ] as Array<[string, string, unknown?]>;

  it('answers 404 to another tenant\'s token on every endpoint that names tenant A\'s ids, and changes nothing', async () => {
    const before = await snapshot(t, a.id);
    for (const [method, path, body] of endpoints()) {
      const res = await s.call(b.token, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(res.type).toContain('application/problem+json');
    }
    expect(await snapshot(t, a.id)).toBe(before);
  });

  it('never lists another tenant\'s rows', async () => {
    for (const path of ['/api/v1/cases', '/api/v1/tasks', '/api/v1/deployments', '/api/v1/blueprints', '/api/v1/tenants', '/api/v1/tokens', '/api/v1/notifications']) {
      const res = await s.call(b.token, 'GET', path);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(a.id);
      expect(JSON.stringify(res.body)).not.toContain(ids.caseId);
    }
  });

  it('answers 403 to a role that lacks the right, and changes nothing', async () => {
    const viewer = (await createToken(t.db, { tenantId: a.id, name: 'viewer', role: 'viewer' })).token;
    const agent = (await createToken(t.db, { tenantId: a.id, name: 'agent', role: 'agent' })).token;
    const designer = (await createToken(t.db, { tenantId: a.id, name: 'designer', role: 'designer' })).token;
    const before = await snapshot(t, a.id);
    const refused: Array<[string, string, string, unknown?]> = [
      ...endpoints()
        .filter(([method]) => method !== 'GET')
        .map(([method, path, body]) => [viewer, method, path, body] as [string, string, string, unknown?]),
      [viewer, 'POST', '/api/v1/blueprints', { document: { id: 'x' } }],
      [viewer, 'PUT', '/api/v1/blueprints/worry-free-rebooking', { document: { id: 'worry-free-rebooking' } }],
      [viewer, 'POST', '/api/v1/blueprints/worry-free-rebooking/publish'],
      [viewer, 'POST', '/api/v1/tokens', { name: 'x', role: 'admin' }],
      [viewer, 'POST', '/api/v1/tenants', { name: 'x' }],
      [viewer, 'POST', '/api/v1/customers', { name: 'x' }],
      [agent, 'POST', `/api/v1/cases/${ids.caseId}/cancel`, {}],
      [agent, 'POST', `/api/v1/tasks/${ids.taskId}/reassign`, { queue: 'q' }],
      [agent, 'POST', '/api/v1/blueprints/worry-free-rebooking/publish'],
      [agent, 'POST', '/api/v1/tokens', { name: 'x', role: 'admin' }],
      [designer, 'POST', `/api/v1/tasks/${ids.taskId}/complete`, { data: {} }],
      [designer, 'POST', '/api/v1/tokens', { name: 'x', role: 'admin' }],
      [designer, 'POST', '/api/v1/tenants', { name: 'x' }],
    ];
    for (const [token, method, path, body] of refused) {
      const res = await s.call(token, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      expect(res.body.code).toBe('TP_FORBIDDEN');
    }
    expect(await snapshot(t, a.id)).toBe(before);
    // and reading is every role's right
    expect((await s.call(viewer, 'GET', `/api/v1/cases/${ids.caseId}`)).status).toBe(200);
  });

  it('lets an agency create a client tenant whose token sees only that tenant', async () => {
    const created = await s.call(a.token, 'POST', '/api/v1/tenants', { name: 'Client C' });
    expect(created.status).toBe(201);
    const c = created.body.token;
    const tenants = await s.call(c, 'GET', '/api/v1/tenants');
    expect(tenants.body.items).toEqual([expect.objectContaining({ id: created.body.tenant.id, name: 'Client C' })]);
    expect((await s.call(c, 'GET', `/api/v1/cases/${ids.caseId}`)).status).toBe(404);
  });

  it('revokes a token', async () => {
    const extra = await s.call(a.token, 'POST', '/api/v1/tokens', { name: 'temp', role: 'viewer' });
    expect((await s.call(extra.body.token, 'GET', '/api/v1/cases')).status).toBe(200);
    expect((await s.call(a.token, 'DELETE', `/api/v1/tokens/${extra.body.id}`)).status).toBe(204);
    expect((await s.call(extra.body.token, 'GET', '/api/v1/cases')).status).toBe(401);
  });
});
