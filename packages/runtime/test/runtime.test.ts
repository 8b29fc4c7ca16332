import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBlueprint, deployVersion, RuntimeError } from '../src/index.ts';
import { advance, caseEvents, openTask, shanghai, templateDocument, world } from './fixtures.ts';

const targets = await databaseTargets();

describe.each(targets)('the runtime on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.close());

  it('runs a basic customer\'s rebooking end to end, each transition one committed step', async () => {
    const w = await world(t.db);
    const { caseId, created } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li', data: { orderId: 'T-1001' }, channel: 'channel-sms' });
    expect(created).toBe(true);
    await w.worker.drain();

    // the acknowledgement went out once, with the case/node/visit idempotency key
    expect(w.plugins.calls.map((c) => [c.plugin, c.action, c.idempotencyKey])).toEqual([['channel-sms', 'send', `${caseId}/auto-ack/1/send`]]);
    expect(w.plugins.calls[0]?.input).toMatchObject({ to: '+8613800000001', text: expect.stringContaining('T-1001'), locale: 'zh-CN' });

    const task = await openTask(w, caseId);
    expect(task).toMatchObject({ node_id: 'standard-rebooking', queue: 'rebooking', status: 'open', priority: 0 });
    expect(task?.due_at?.toISOString()).toBe(shanghai('2026-11-24T15:30:00').toISOString());

    await w.runtime.claimTask({ tenantId: w.tenantId, taskId: task!.id, assignee: 'agent-zhang' });
    await expect(w.runtime.claimTask({ tenantId: w.tenantId, taskId: task!.id, assignee: 'agent-wu' })).rejects.toMatchObject({ code: 'TP_RUNTIME_CONFLICT' });
    await expect(w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { amountDue: -5 } })).rejects.toMatchObject({
      code: 'TP_RUNTIME_FORM_INVALID',
      details: expect.arrayContaining([{ path: 'newDeparture', message: 'is required' }, { path: 'amountDue', message: 'must be >= 0' }]),
    });
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 }, by: 'agent-zhang' });
    await w.worker.drain();
    expect(w.plugins.calls.map((c) => c.input.template)).toEqual(['ack', 'confirmed', 'csat']);

    await w.runtime.sendEvent({ tenantId: w.tenantId, caseId, name: 'survey.answered', data: { score: 5 } });
    const row = await w.runtime.getCase(w.tenantId, caseId);
    expect(row).toMatchObject({ status: 'completed', outcome: 'resolved' });
    expect(row.closed_at).not.toBeNull();

    const events = await caseEvents(w, caseId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'node.entered').map((e) => e.node_id)).toEqual(['request', 'auto-ack', 'triage', 'eligibility', 'standard-rebooking', 'payment-needed', 'confirmation', 'csat', 'resolved']);
    expect(events.find((e) => e.type === 'survey.answered')?.data).toEqual({ survey: 'csat', score: 5 });
    // nothing is left waiting: the due-work table is empty for this tenant
    expect(await t.db.selectFrom('due_work').select('id').where('tenant_id', '=', w.tenantId).execute()).toEqual([]);
    const effects = await t.db.selectFrom('effects').select(['status', 'attempts']).where('tenant_id', '=', w.tenantId).execute();
    expect(effects).toEqual([{ status: 'succeeded', attempts: 1 }, { status: 'succeeded', attempts: 1 }, { status: 'succeeded', attempts: 1 }]);
  });

  it('gives a worry-free customer the express lane and takes one free rebooking from their product', async () => {
    const w = await world(t.db);
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'wf-han', data: { orderId: 'T-2002' } });
    await w.worker.drain();
    expect(w.plugins.calls[0]?.input.text).toContain('Hello Han Meimei');
    const task = await openTask(w, caseId);
    expect(task).toMatchObject({ node_id: 'express-rebooking', queue: 'rebooking-express', priority: 5 });
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 } });
    const product = await t.db.selectFrom('customer_products').select('entitlements').where('tenant_id', '=', w.tenantId).where('customer_id', '=', 'wf-han').executeTakeFirstOrThrow();
    expect(product.entitlements).toEqual({ freeRebookings: 1, priorityQueue: true });

    // the next case sees one free rebooking left; after two, the standard lane with the tier's priority
    for (const expected of ['express-rebooking', 'standard-rebooking']) {
      const next = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'wf-han', data: { orderId: 'T-2003' } });
      await w.worker.drain();
      const nextTask = await openTask(w, next.caseId);
      expect(nextTask?.node_id).toBe(expected);
      await w.runtime.completeTask({ tenantId: w.tenantId, taskId: nextTask!.id, data: { newDeparture: '2026-12-02T08:00:00+08:00', amountDue: 0 } });
      if (expected === 'standard-rebooking') expect(nextTask?.priority).toBe(5);
    }
  });

  it('escalates a breach to a supervisor at the right business-time moment across a weekend and a lunch break', async () => {
    const w = await world(t.db, shanghai('2026-11-27T16:00:00'));
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li', data: { orderId: 'T-3003' } });
    await w.worker.drain();
    const task = await openTask(w, caseId);
    await w.runtime.claimTask({ tenantId: w.tenantId, taskId: task!.id, assignee: 'agent-zhang' });

    await advance(w, 3 * 24 * 3_600_000); // to Monday 16:00
    const notifications = await t.db.selectFrom('notifications').selectAll().where('tenant_id', '=', w.tenantId).where('node_id', '=', 'standard-rebooking').orderBy('created_at').execute();
    expect(notifications.map((n) => [n.reason, n.role, n.created_at.toISOString()])).toEqual([
      ['sla.warning', 'supervisor', shanghai('2026-11-30T10:12:00').toISOString()],
      ['sla.breached', 'supervisor', shanghai('2026-11-30T11:00:00').toISOString()],
    ]);
    const reassigned = await t.db.selectFrom('tasks').select(['queue', 'status']).where('tenant_id', '=', w.tenantId).where('id', '=', task!.id).executeTakeFirstOrThrow();
    expect(reassigned).toEqual({ queue: 'rebooking-senior', status: 'claimed' });
    const escalated = (await caseEvents(w, caseId)).filter((e) => e.type === 'sla.escalated' && e.node_id === 'standard-rebooking');
    expect(escalated.map((e) => [e.at.toISOString(), e.data.action])).toEqual([
      [shanghai('2026-11-30T11:00:00').toISOString(), 'notify'],
      [shanghai('2026-11-30T14:30:00').toISOString(), 'reassign'],
    ]);
    expect((await w.runtime.getCase(w.tenantId, caseId)).status).toBe('waiting');
  });

  it('retries a failing payment action with backoff, then takes the error path', async () => {
    const w = await world(t.db);
    w.plugins.handlers['payment-stripe'] = () => {
      throw new Error('card_declined');
    };
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li', data: { orderId: 'T-4004' } });
    await w.worker.drain();
    const task = await openTask(w, caseId);
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 120 } });
    await w.worker.drain();
    expect(w.plugins.keysOf('payment-stripe')).toEqual([`${caseId}/collect-payment/1/call`]);
    const pending = await t.db.selectFrom('effects').selectAll().where('tenant_id', '=', w.tenantId).where('plugin', '=', 'payment-stripe').executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('TP_PLUGIN_FAILED: payment-stripe.createPaymentLink') });
    // backoff: 2 s, 4 s, 8 s, 16 s (jitter fixed at ×1 in this test)
    expect(pending.next_attempt_at!.getTime() - w.clock.now().getTime()).toBe(2_000);

    await advance(w, 60_000);
    const keys = w.plugins.keysOf('payment-stripe');
    expect(keys).toHaveLength(5);
    expect(new Set(keys)).toEqual(new Set([`${caseId}/collect-payment/1/call`]));
    expect(w.plugins.calls.filter((c) => c.plugin === 'payment-stripe').map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5]);
    const dead = await t.db.selectFrom('effects').selectAll().where('tenant_id', '=', w.tenantId).where('plugin', '=', 'payment-stripe').executeTakeFirstOrThrow();
    expect(dead).toMatchObject({ status: 'dead', attempts: 5 });
    expect(await openTask(w, caseId, 'payment-follow-up')).toMatchObject({ queue: 'payments' });
  });

  it('parks a case whose acknowledgement cannot be sent, shows why, and retries it on request', async () => {
    const w = await world(t.db);
    let down = true;
    w.plugins.handlers['channel-sms'] = () => {
      if (down) throw new Error('gateway 503');
      return { sid: 'SM1' };
    };
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await advance(w, 120_000);
    const parked = await w.runtime.getCase(w.tenantId, caseId);
    expect(parked.status).toBe('parked');
    expect(parked.parked_reason).toContain('no "error" edge');
    expect(w.plugins.keysOf('channel-sms')).toHaveLength(5);

    down = false;
    await w.runtime.retryCase({ tenantId: w.tenantId, caseId, by: 'supervisor-1' });
    await w.worker.drain();
    expect(w.plugins.keysOf('channel-sms').at(-1)).toBe(`${caseId}/auto-ack/2/send`);
    expect((await openTask(w, caseId))?.node_id).toBe('standard-rebooking');
    await expect(w.runtime.retryCase({ tenantId: w.tenantId, caseId })).rejects.toMatchObject({ code: 'TP_RUNTIME_CONFLICT' });
  });

  it('fails a plugin that hangs past its timeout with a coded error naming plugin, action and case', async () => {
    const w = await world(t.db);
    w.plugins.handlers['payment-stripe'] = () => new Promise(() => undefined);
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await w.worker.drain();
    const task = await openTask(w, caseId);
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 10 } });
    const started = Date.now();
    await w.worker.drain();
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000); // the node's 10 s timeout, in real time
    const effect = await t.db.selectFrom('effects').selectAll().where('tenant_id', '=', w.tenantId).where('plugin', '=', 'payment-stripe').executeTakeFirstOrThrow();
    expect(effect.last_error).toBe(`TP_PLUGIN_TIMEOUT: payment-stripe.createPaymentLink for case ${caseId}: no answer within 10000 ms`);
  }, 60_000);

  it('cancels a case: its task is closed and its timers are gone', async () => {
    const w = await world(t.db);
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await w.worker.drain();
    await w.runtime.cancelCase({ tenantId: w.tenantId, caseId, reason: 'customer withdrew' });
    expect((await w.runtime.getCase(w.tenantId, caseId)).status).toBe('cancelled');
    expect(await openTask(w, caseId)).toBeUndefined();
    expect(await t.db.selectFrom('due_work').select('id').where('tenant_id', '=', w.tenantId).where('case_id', '=', caseId).execute()).toEqual([]);
  });

  it('keeps a case on the version it started on when a new version is deployed', async () => {
    const w = await world(t.db);
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await w.worker.drain();
    const changed = templateDocument();
    changed.nodes.find((n: { id: string }) => n.id === 'standard-rebooking').queue = 'rebooking-v2';
    const v2 = await publishBlueprint(t.db, { tenantId: w.tenantId, document: changed });
    expect(v2.version).toBe(2);
    expect((await publishBlueprint(t.db, { tenantId: w.tenantId, document: changed })).created).toBe(false);
    const { id: d2 } = await deployVersion(t.db, { tenantId: w.tenantId, versionId: v2.id, name: 'v2' });
    const second = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: d2, customerId: 'basic-li' });
    await w.worker.drain();
    expect((await openTask(w, caseId))?.queue).toBe('rebooking');
    expect((await openTask(w, second.caseId))?.queue).toBe('rebooking-v2');
  });

  it('refuses other tenants\' ids and unknown ids without changing anything', async () => {
    const a = await world(t.db);
    const b = await world(t.db);
    const { caseId } = await a.runtime.startCase({ tenantId: a.tenantId, deploymentId: a.deploymentId, customerId: 'basic-li' });
    await a.worker.drain();
    const task = await openTask(a, caseId);
    const before = await caseEvents(a, caseId);
    for (const attempt of [
      () => b.runtime.sendEvent({ tenantId: b.tenantId, caseId, name: 'customer.message' }),
      () => b.runtime.cancelCase({ tenantId: b.tenantId, caseId }),
      () => b.runtime.completeTask({ tenantId: b.tenantId, taskId: task!.id, data: {} }),
      () => b.runtime.startCase({ tenantId: b.tenantId, deploymentId: a.deploymentId }),
      () => b.runtime.startCase({ tenantId: b.tenantId, deploymentId: b.deploymentId, customerId: 'wf-han-of-a' }),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(RuntimeError);
    }
    expect(await caseEvents(a, caseId)).toEqual(before);
  });

  it('starts a case once for one id, however often it is asked', async () => {
    const w = await world(t.db);
    const first = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, caseId: 'sms-msg-42', customerId: 'basic-li' });
    const again = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, caseId: 'sms-msg-42', customerId: 'basic-li' });
    expect([first.created, again.created]).toEqual([true, false]);
    await w.worker.drain();
    expect(w.plugins.calls).toHaveLength(1);
  });
});

describe.each(targets)('retry advice on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.close());

  const failingPayment = async (error: Error) => {
    const w = await world(t.db);
    w.plugins.handlers['payment-stripe'] = () => {
      throw error;
    };
    const { caseId } = await w.runtime.startCase({ tenantId: w.tenantId, deploymentId: w.deploymentId, customerId: 'basic-li' });
    await w.worker.drain();
    const task = await openTask(w, caseId);
    await w.runtime.completeTask({ tenantId: w.tenantId, taskId: task!.id, data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 50 } });
    await w.worker.drain();
    return { w, caseId };
  };

  it('does not retry a permanent failure (a 4xx from the provider)', async () => {
    const { w, caseId } = await failingPayment(Object.assign(new Error('TP_PLUGIN_HTTP: invalid currency'), { code: 'TP_PLUGIN_HTTP', status: 400 }));
    expect(w.plugins.keysOf('payment-stripe')).toHaveLength(1);
    expect(await openTask(w, caseId, 'payment-follow-up')).toBeDefined();
  });

  it('waits as long as the provider\'s Retry-After asks, when longer than the backoff', async () => {
    const { w } = await failingPayment(Object.assign(new Error('TP_PLUGIN_HTTP: slow down'), { code: 'TP_PLUGIN_HTTP', status: 429, retryAfterMs: 30_000 }));
    const effect = await t.db.selectFrom('effects').selectAll().where('tenant_id', '=', w.tenantId).where('plugin', '=', 'payment-stripe').executeTakeFirstOrThrow();
    expect(effect.status).toBe('failed');
    expect(effect.next_attempt_at!.getTime() - w.clock.now().getTime()).toBe(30_000);
  });
});
