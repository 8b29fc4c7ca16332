/**
 * The workload of the reliability tests: a small automated blueprint (no people, no customer
 * events) that a case runs from start to end on workers alone, and the checks that a run of many
 * such cases left everything exactly as the runtime promises (DESIGN.md, "Running a case").
 */
import { validateBlueprint, type BlueprintInput, type PluginDescriptor } from '@touchpoint/blueprint';
import { deployVersion, publishBlueprint, type Runtime } from '@touchpoint/runtime';
import type { Database } from '@touchpoint/store';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { IdempotentReceiver } from '../support/idempotent-receiver.ts';

/** The plugin actions, in the order a case calls them; each is one effect per case. */
export const ACTION_STEPS = ['reserve', 'charge', 'notify', 'update-crm', 'archive'] as const;
/** Every node a case enters, in order: each exactly once. */
export const NODE_PATH = ['start', 'reserve', 'charge', 'cool-off', 'notify', 'update-crm', 'archive', 'done'] as const;
/** Committed transitions per case: the start, one per action result, one for the timer. */
export const TRANSITIONS_PER_CASE = 1 + ACTION_STEPS.length + 1;

const PLUGIN = 'provider';

export const providerPlugin: PluginDescriptor = {
  id: PLUGIN,
  version: '1.0.0',
  actions: Object.fromEntries(
    ACTION_STEPS.map((step) => [
      step,
      { input: { type: 'object', properties: { step: { type: 'string' }, orderId: { type: 'string' } }, required: ['step'] } },
    ]),
  ),
};

/** trigger → reserve → charge → 300 ms timer → notify → update-crm → archive → end (resolved). */
export function pipelineBlueprint(timer = '300ms'): BlueprintInput {
  const at = (stage: string) => ({ lane: 'backstage' as const, stage });
  const action = (id: (typeof ACTION_STEPS)[number]) => ({
    id,
    kind: 'action' as const,
    ...at('work'),
    plugin: PLUGIN,
    action: id,
    input: { step: id, orderId: { $expr: 'case.orderId' } },
    // Retries are quick here; failures are not what these tests inject.
    retry: { maxAttempts: 5, backoff: '200ms' },
    timeout: '10s',
  });
  const nodes = [
    { id: 'start', kind: 'trigger' as const, lane: 'customer' as const, stage: 'intake', source: 'api' as const },
    action('reserve'),
    action('charge'),
    { id: 'cool-off', kind: 'timer' as const, ...at('work'), after: timer },
    action('notify'),
    action('update-crm'),
    action('archive'),
    { id: 'done', kind: 'end' as const, ...at('close'), outcome: 'resolved' as const },
  ];
  return {
    formatVersion: 2,
    id: 'reliability-pipeline',
    name: 'Reliability pipeline',
    locales: ['en'],
    stages: [
      { id: 'intake', name: 'Intake' },
      { id: 'work', name: 'Work' },
      { id: 'close', name: 'Close' },
    ],
    nodes,
    edges: NODE_PATH.slice(1).map((to, i) => ({ id: `e-${NODE_PATH[i]}-${to}`, from: NODE_PATH[i]!, to })),
    plugins: { [PLUGIN]: '1' },
  };
}

export interface Deployed {
  tenantId: string;
  deploymentId: string;
}

/** A tenant with the pipeline validated, published and deployed. */
export async function deployPipeline(db: Kysely<Database>, timer?: string): Promise<Deployed> {
  const document = pipelineBlueprint(timer);
  const validation = validateBlueprint(document, { plugins: [providerPlugin] });
  expect(validation.problems).toEqual([]);
  const tenantId = `reliability-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto('tenants').values({ id: tenantId, name: 'Reliability' }).execute();
  const version = await publishBlueprint(db, { tenantId, document, plugins: [providerPlugin] });
  const { id: deploymentId } = await deployVersion(db, { tenantId, versionId: version.id, name: 'reliability' });
  return { tenantId, deploymentId };
}

/**
 * Starts `count` cases, `parallel` at a time (the test process is the API server here);
 * `afterStart` runs in the same lane right after each start.
 */
export async function startCases(runtime: Runtime, app: Deployed, count: number, parallel = 4, afterStart?: (caseId: string) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      const { caseId } = await runtime.startCase({ tenantId: app.tenantId, deploymentId: app.deploymentId, data: { orderId: `order-${n}` } });
      ids.push(caseId);
      await afterStart?.(caseId);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return ids;
}

export async function unfinishedCases(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '<>', 'completed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Polls until every case of the tenant is completed; on timeout, fails with what is left. */
export async function waitForAllCompleted(db: Kysely<Database>, tenantId: string, deadlineMs: number, diagnostics: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if ((await unfinishedCases(db, tenantId)) === 0) return;
    if (Date.now() > deadline) {
      const statuses = await db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('tenant_id', '=', tenantId).groupBy('status').execute();
      const due = await sql<{ kind: string; leased: boolean; n: string }>`
        select kind, lease_owner is not null as leased, count(*) as n from due_work group by 1, 2`.execute(db);
      throw new Error(`cases still unfinished after ${deadlineMs} ms: ${JSON.stringify(statuses)}; due work: ${JSON.stringify(due.rows)}\n${diagnostics()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface RunFigures {
  cases: number;
  effects: number;
  deliveries: number;
  redeliveries: number;
  /** Keys delivered more than once. */
  redeliveredKeys: number;
  maxDeliveriesOfOneKey: number;
  concurrentDuplicates: number;
}

/**
 * Everything the runtime promises about a finished run, checked row by row:
 * - every case completed, resolved, at revision TRANSITIONS_PER_CASE plus the external events the
 *   test applied to it (a transition applied twice would bump it; a lost one would not);
 * - each case's event log numbered 1..n without a gap, entering and completing each node exactly
 *   once, and holding each applied external event once;
 * - one effect row per case and action step, succeeded, holding the provider's one receipt for its key;
 * - the provider processed exactly the expected keys, each once, never with a changed request;
 * - nothing left due.
 */
export async function verifyRun(
  db: Kysely<Database>,
  tenantId: string,
  caseIds: readonly string[],
  receiver: IdempotentReceiver,
  /** External events the test applied to a case (each one more transition and one `event.received`). */
  externalEvents: ReadonlyMap<string, number> = new Map(),
): Promise<RunFigures> {
  expect(new Set(caseIds).size).toBe(caseIds.length);

  const cases = await db.selectFrom('cases').select(['id', 'status', 'outcome', 'revision', 'parked_reason']).where('tenant_id', '=', tenantId).execute();
  expect(cases).toHaveLength(caseIds.length);
  const wrong = cases.filter((c) => c.status !== 'completed' || c.outcome !== 'resolved' || c.revision !== TRANSITIONS_PER_CASE + (externalEvents.get(c.id) ?? 0));
  expect(wrong.slice(0, 5), `${wrong.length} cases not completed+resolved at the expected revision`).toEqual([]);

  const events = await db
    .selectFrom('case_events')
    .select(['case_id', 'seq', 'type', 'node_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  const byCase = new Map<string, typeof events>();
  for (const event of events) byCase.set(event.case_id, [...(byCase.get(event.case_id) ?? []), event]);
  const badLogs: { caseId: string; seqs?: number[]; entered?: (string | null)[]; completed?: (string | null)[] }[] = [];
  for (const caseId of caseIds) {
    const log = byCase.get(caseId) ?? [];
    const seqs = log.map((e) => e.seq);
    const entered = log.filter((e) => e.type === 'node.entered').map((e) => e.node_id);
    const completed = log.filter((e) => e.type === 'node.completed').map((e) => e.node_id);
    const ended = log.filter((e) => e.type === 'case.completed').length;
    const received = log.filter((e) => e.type === 'event.received').length;
    if (seqs.some((seq, i) => seq !== i + 1)) badLogs.push({ caseId, seqs });
    if (JSON.stringify(entered) !== JSON.stringify(NODE_PATH) || ended !== 1 || received !== (externalEvents.get(caseId) ?? 0)) badLogs.push({ caseId, entered });
    if (JSON.stringify(completed) !== JSON.stringify(NODE_PATH.slice(0, -1))) badLogs.push({ caseId, completed });
  }
  expect(badLogs.slice(0, 5), `${badLogs.length} case logs with gaps or a node entered/completed other than once`).toEqual([]);

  const expectedKeys = new Set(caseIds.flatMap((caseId) => ACTION_STEPS.map((step) => `${caseId}/${step}/1/call`)));
  const effects = await db.selectFrom('effects').select(['idempotency_key', 'status', 'output', 'attempts']).where('tenant_id', '=', tenantId).execute();
  expect(effects).toHaveLength(expectedKeys.size);
  expect(new Set(effects.map((e) => e.idempotency_key))).toEqual(expectedKeys);
  const notSucceeded = effects.filter((e) => e.status !== 'succeeded');
  expect(notSucceeded.slice(0, 5), `${notSucceeded.length} effects not succeeded`).toEqual([]);
  // The runtime kept the answer of the one processing, whichever delivery brought it back.
  const foreignReceipts = effects.filter((e) => e.output?.receipt !== receiver.processed.get(e.idempotency_key)?.receipt);
  expect(foreignReceipts.slice(0, 5), 'effects whose stored output is not the provider\'s receipt for that key').toEqual([]);

  // The provider's side: exactly the expected keys were processed — each once by construction of
  // an idempotent provider, so what matters is that none is missing or extra — and no key was
  // reused for a different request.
  expect(new Set(receiver.processed.keys())).toEqual(expectedKeys);
  expect(receiver.mismatches).toEqual([]);
  expect(receiver.missingKeys).toEqual([]);
  const perKey = new Map<string, number>();
  for (const d of receiver.deliveries) perKey.set(d.key, (perKey.get(d.key) ?? 0) + 1);

  const due = await db.selectFrom('due_work').select(['kind', 'case_id', 'lease_owner']).execute();
  expect(due, 'due work left behind').toEqual([]);

  return {
    cases: cases.length,
    effects: effects.length,
    deliveries: receiver.deliveries.length,
    redeliveries: receiver.redeliveries,
    redeliveredKeys: [...perKey.values()].filter((n) => n > 1).length,
    maxDeliveriesOfOneKey: Math.max(...perKey.values()),
    concurrentDuplicates: receiver.concurrentDuplicates,
  };
}
