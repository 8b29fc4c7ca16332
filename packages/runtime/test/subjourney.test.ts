import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childCaseId, deployVersion, publishBlueprint } from '../src/index.ts';
import { openTask, world } from './fixtures.ts';

const targets = await databaseTargets();

const base = { formatVersion: 2, locales: ['en'], stages: [{ id: 's', name: 'S' }] };
const child = {
  ...base,
  id: 'callback',
  name: 'Callback',
  nodes: [
    { id: 'start', kind: 'trigger', lane: 'customer', stage: 's', source: 'api' },
    { id: 'call', kind: 'task', lane: 'backstage', stage: 's', queue: 'callbacks', title: 'Call the customer back' },
    { id: 'done', kind: 'end', lane: 'backstage', stage: 's', outcome: 'resolved' },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'call' },
    { id: 'e2', from: 'call', to: 'done' },
  ],
};
const parent = {
  ...base,
  id: 'complaint',
  name: 'Complaint',
  nodes: [
    { id: 'start', kind: 'trigger', lane: 'customer', stage: 's', source: 'api' },
    { id: 'fix', kind: 'task', lane: 'backstage', stage: 's', queue: 'complaints', title: 'Fix it' },
    { id: 'follow-up', kind: 'subjourney', lane: 'backstage', stage: 's', blueprint: 'callback' },
    { id: 'close', kind: 'task', lane: 'backstage', stage: 's', queue: 'complaints', title: 'Close the complaint' },
    { id: 'done', kind: 'end', lane: 'backstage', stage: 's', outcome: 'resolved' },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'fix' },
    { id: 'e2', from: 'fix', to: 'follow-up' },
    { id: 'e3', from: 'follow-up', to: 'close' },
    { id: 'e4', from: 'close', to: 'done' },
  ],
};

describe.each(targets)('subjourneys and reassignment on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.close());

  it('runs a subjourney as a child case and continues the parent when it ends', async () => {
    const w = await world(t.db);
    for (const document of [child, parent]) {
      const version = await publishBlueprint(t.db, { tenantId: w.tenantId, document });
      await deployVersion(t.db, { tenantId: w.tenantId, versionId: version.id, name: document.id });
    }
    const deployment = await t.db.selectFrom('deployments').select('id').where('tenant_id', '=', w.tenantId).where('name', '=', 'complaint').executeTakeFirstOrThrow();
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: deployment.id, customerId: 'basic-li', data: { topic: 'meals' } });
    await w.worker.drain();
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: (await openTask(w, caseId))!.id, data: { fixed: true } });
    await w.worker.drain();

    const childId = childCaseId(`${caseId}/follow-up/1/subjourney`);
    const childCase = await w.runtime.getCase(w.tenantId, childId);
    expect(childCase).toMatchObject({ customer_id: 'basic-li', status: 'waiting' });
    expect(childCase.state.data).toMatchObject({ topic: 'meals', fixed: true, parent: { caseId } });
    expect((await w.runtime.getCase(w.tenantId, caseId)).state.position?.nodeId).toBe('follow-up');

    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: (await openTask(w, childId))!.id, data: {} });
    await w.worker.drain();
    const resumed = await w.runtime.getCase(w.tenantId, caseId);
    expect(resumed.state.position?.nodeId).toBe('close');
    expect(resumed.state.data['follow-up']).toEqual({ outcome: 'resolved' });
  });

  it('reassigns a task and records who moved it where', async () => {
    const w = await world(t.db);
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await w.worker.drain();
    const task = (await openTask(w, caseId))!;
    await w.runtime.claimTask({ tenantId: w.tenantId, taskId: task.id, assignee: 'agent-1' });
    await w.runtime.reassignTask({ tenantId: w.tenantId, taskId: task.id, queue: 'rebooking-senior', assignee: null, by: 'supervisor-1' });
    expect(await openTask(w, caseId)).toMatchObject({ queue: 'rebooking-senior', assignee: null, status: 'open' });
    const logged = await t.db.selectFrom('case_events').select('data').where('tenant_id', '=', w.tenantId).where('case_id', '=', caseId).where('type', '=', 'task.reassigned').executeTakeFirstOrThrow();
    expect(logged.data).toMatchObject({ from: 'rebooking', queue: 'rebooking-senior', assignee: null, by: 'supervisor-1' });
    // the reassigned task is still the step the case waits on
    await w.runtime.claimTask({ tenantId: w.tenantId, taskId: task.id, assignee: 'senior-1' });
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 } });
    expect((await w.runtime.getCase(w.tenantId, caseId)).state.position?.nodeId).not.toBe('standard-rebooking');
  });
});
