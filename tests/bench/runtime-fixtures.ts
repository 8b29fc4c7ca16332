/**
 * The blueprints and bulk SQL of `pnpm bench:runtime`. Two small journeys:
 *   - flow:  trigger → three plugin `action`s → end (every step automated, the host answers at once);
 *   - timer: trigger → `timer` (1 hour) → end (cases that sit waiting on a timer).
 * Waiting cases are made in bulk by cloning the state of one case started through the runtime,
 * with its case id replaced, and writing the due-work (and effect) rows the runtime would have
 * written, under the same keys: `<caseId>/<nodeId>/<visit>/call|timer`.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '@touchpoint/store';

export const FLOW_PLUGIN = { plugin: 'bench-crm', action: 'touch' } as const;

const node = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({ id, kind, lane: 'backstage', stage: 'run', ...extra });

export function flowBlueprint(): Record<string, unknown> {
  const action = (id: string) =>
    node(id, 'action', { plugin: FLOW_PLUGIN.plugin, action: FLOW_PLUGIN.action, input: { step: id, caseRef: { $expr: 'case.ref' } }, output: `${id.replace('-', '_')}_out` });
  return {
    formatVersion: 2,
    id: 'bench-flow',
    name: 'Bench: three automated actions',
    locales: ['en'],
    stages: [{ id: 'run', name: 'Run' }],
    nodes: [node('start', 'trigger', { lane: 'customer', source: 'api' }), action('step-1'), action('step-2'), action('step-3'), node('done', 'end', { outcome: 'resolved' })],
    edges: [
      { id: 'e1', from: 'start', to: 'step-1' },
      { id: 'e2', from: 'step-1', to: 'step-2' },
      { id: 'e3', from: 'step-2', to: 'step-3' },
      { id: 'e4', from: 'step-3', to: 'done' },
    ],
  };
}

export function timerBlueprint(): Record<string, unknown> {
  return {
    formatVersion: 2,
    id: 'bench-timer',
    name: 'Bench: wait on a timer',
    locales: ['en'],
    stages: [{ id: 'run', name: 'Run' }],
    nodes: [node('start', 'trigger', { lane: 'customer', source: 'api' }), node('wait', 'timer', { after: '1h' }), node('done', 'end', { outcome: 'resolved' })],
    edges: [
      { id: 'e1', from: 'start', to: 'wait' },
      { id: 'e2', from: 'wait', to: 'done' },
    ],
  };
}

/** A case the runtime started, to clone: its row and log as stored. */
export interface TemplateCase {
  tenantId: string;
  caseId: string;
  deploymentId: string;
  versionId: string;
  status: string;
  /** `cases.state` as text. */
  stateText: string;
  /** Its case_events (type, node_id, data), in order. */
  eventsText: string;
}

export async function loadTemplate(db: Kysely<Database>, tenantId: string, caseId: string): Promise<TemplateCase> {
  const row = await db.selectFrom('cases').select(['deployment_id', 'blueprint_version_id', 'status', 'state']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirstOrThrow();
  const events = await db.selectFrom('case_events').select(['seq', 'type', 'node_id', 'data']).where('tenant_id', '=', tenantId).where('case_id', '=', caseId).orderBy('seq').execute();
  return { tenantId, caseId, deploymentId: row.deployment_id, versionId: row.blueprint_version_id, status: row.status, stateText: JSON.stringify(row.state), eventsText: JSON.stringify(events) };
}

/**
 * Runs bulk inserts in one transaction with foreign-key triggers off (`session_replication_role =
 * replica`, superuser only): the rows meet the keys by construction, and checking a million of
 * them one by one triples the setup time.
 */
function bulk<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    return fn(trx);
  });
}

const idOf = (prefix: string) => sql.raw(`'${prefix}-' || lpad(g::text, 8, '0')`);
const series = (from: number, to: number) => sql`generate_series(${from}::int, ${to}::int) g`;

/** Case rows with the template's state (its case id replaced) and, when asked, its log. */
async function insertCases(db: Kysely<Database>, t: TemplateCase, prefix: string, from: number, to: number, events: boolean): Promise<void> {
  const id = idOf(prefix);
  await sql`
    insert into cases (tenant_id, id, deployment_id, blueprint_version_id, status, state, revision, last_seq, created_at, updated_at)
    select ${t.tenantId}, ${id}, ${t.deploymentId}, ${t.versionId}, ${t.status}, replace(${t.stateText}, ${t.caseId}, ${id})::jsonb, 1,
      ${events ? sql`jsonb_array_length(${t.eventsText}::jsonb)` : sql`0`}, now(), now()
    from ${series(from, to)}`.execute(db);
  if (!events) return;
  await sql`
    insert into case_events (tenant_id, case_id, seq, type, node_id, data, at)
    select ${t.tenantId}, ${id}, (e->>'seq')::int, e->>'type', e->>'node_id', e->'data', now()
    from ${series(from, to)} cross join jsonb_array_elements(${t.eventsText}::jsonb) e`.execute(db);
}

/**
 * Inserts `count` cases waiting on the template's timer node, each with its timer due-work row
 * (key `<caseId>/wait/1/timer`), in `insert … select generate_series` statements. Case ids are
 * `<prefix>-<g>`, g from `from` (default 1). Due times are spread evenly: `first` + (g − from) ×
 * spreadMs / count. With `record`, each due time is also kept in bench_timer (for lateness), and
 * the cases get the template's log. Returns the first due time.
 */
export async function insertTimerCases(
  db: Kysely<Database>,
  t: TemplateCase,
  options: { prefix: string; count: number; from?: number; due: { first: Date | (() => Date); spreadMs: number }; record?: boolean },
): Promise<Date> {
  const from = options.from ?? 1;
  const to = from + options.count - 1;
  return bulk(db, async (trx) => {
    await insertCases(trx, t, options.prefix, from, to, options.record === true);
    const id = idOf(options.prefix);
    const key = sql.raw(`'${options.prefix}-' || lpad(g::text, 8, '0') || '/wait/1/timer'`);
    // Read the first due time only now, after the cases are written (a function: "lead from now").
    const first = typeof options.due.first === 'function' ? options.due.first() : options.due.first;
    const due = sql`${first}::timestamptz + ((g - ${from}) * ${options.due.spreadMs / options.count}::float8) * interval '1 millisecond'`;
    const rows = sql`
      insert into due_work (tenant_id, case_id, kind, due_at, payload, dedupe_key)
      select ${t.tenantId}, ${id}, 'timer', ${due}, jsonb_build_object('key', ${key}), 'timer:' || ${key}
      from ${series(from, to)}`;
    if (options.record) {
      await sql`with work as (${rows} returning case_id, due_at) insert into bench_timer (case_id, due_at) select case_id, due_at from work`.execute(trx);
    } else {
      await rows.execute(trx);
    }
    return first;
  });
}

/**
 * Inserts `count` flow cases as `startCase` leaves them: waiting on step-1's plugin call, with
 * their log, the effect record and its due work. The due work is due at `dueAt` (far ahead, so
 * nothing runs until `releaseFlow` makes it all due at once).
 */
export async function insertFlowCases(db: Kysely<Database>, t: TemplateCase, options: { prefix: string; count: number; dueAt: Date; input: object }): Promise<void> {
  await bulk(db, async (trx) => {
    await insertCases(trx, t, options.prefix, 1, options.count, true);
    const id = idOf(options.prefix);
    const key = sql.raw(`'${options.prefix}-' || lpad(g::text, 8, '0') || '/step-1/1/call'`);
    await sql`
      insert into effects (tenant_id, id, case_id, node_id, visit, idempotency_key, plugin, action, input, max_attempts, next_attempt_at)
      select ${t.tenantId}, gen_random_uuid()::text, ${id}, 'step-1', 1, ${key}, ${FLOW_PLUGIN.plugin}, ${FLOW_PLUGIN.action}, ${JSON.stringify(options.input)}::jsonb, 5, now()
      from ${series(1, options.count)}`.execute(trx);
    await sql`
      insert into due_work (tenant_id, case_id, kind, due_at, payload, dedupe_key)
      select ${t.tenantId}, ${id}, 'effect', ${options.dueAt},
             jsonb_build_object('effectKey', ${key}, 'timeoutMs', 30000, 'backoffMs', 2000), 'effect:' || ${key}
      from ${series(1, options.count)}`.execute(trx);
  });
}

/** Makes every pending flow effect of the tenant due now: the moment the run starts. */
export async function releaseFlow(db: Kysely<Database>, tenantId: string): Promise<number> {
  const { numAffectedRows } = await sql`update due_work set due_at = now() where tenant_id = ${tenantId} and kind = 'effect'`.execute(db);
  return Number(numAffectedRows ?? 0);
}
