import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, NewRow } from '../src/schema.ts';
import { databaseTargets, type TestDatabase } from './databases.ts';
import { jsTypes } from './fixtures.ts';

const targets = await databaseTargets();

// What each driver returned, by table, as JS type names; compared across drivers at the end.
const seen = new Map<string, Record<string, Record<string, string>>>();

const at = (iso: string) => new Date(iso);
const T = randomUUID();
const ids = { blueprint: randomUUID(), version: randomUUID(), deployment: randomUUID(), customer: randomUUID(), case: randomUUID() };

// One fully filled row per table, in foreign-key order.
const rows: { [K in keyof Database]: NewRow<K> } = {
  tenants: { id: T, name: 'Acme 旅行', created_at: at('2026-11-01T00:00:00.000Z') },
  blueprints: { tenant_id: T, id: ids.blueprint, name: 'Rebooking', draft: { stages: ['before', 'during'] }, created_at: at('2026-11-01T01:00:00.000Z'), updated_at: at('2026-11-02T01:00:00.000Z') },
  blueprint_versions: { tenant_id: T, id: ids.version, blueprint_id: ids.blueprint, version: 3, content_hash: 'sha256:abc', document: { nodes: [{ id: 'n1', kind: 'trigger' }], nested: { deep: [1, 2.5, null, true] } }, published_at: at('2026-11-03T00:00:00.000Z') },
  deployments: { tenant_id: T, id: ids.deployment, blueprint_version_id: ids.version, name: 'prod', active: false, config: { calendar: 'cn' }, created_at: at('2026-11-03T01:00:00.000Z'), updated_at: at('2026-11-03T02:00:00.000Z') },
  customers: { tenant_id: T, id: ids.customer, external_ref: 'crm-1', name: '李雷', locale: 'zh-CN', segment: 'gold', tags: ['vip', 'frequent flyer', 'a,b "quoted"'], data: { phone: '+86 138 0000 0000' }, created_at: at('2026-11-04T00:00:00.000Z'), updated_at: at('2026-11-04T00:00:01.000Z') },
  customer_products: { tenant_id: T, id: randomUUID(), customer_id: ids.customer, product_id: 'worry-free-plus', status: 'active', valid_from: at('2026-11-04T00:00:00.000Z'), valid_until: at('2027-11-04T00:00:00.000Z'), entitlements: { freeRebookings: 2, priorityQueue: true }, source: { payment: 'pay_123' }, created_at: at('2026-11-04T00:00:02.000Z') },
  cases: { tenant_id: T, id: ids.case, deployment_id: ids.deployment, blueprint_version_id: ids.version, customer_id: ids.customer, status: 'completed', outcome: 'resolved', state: { tokens: [{ node: 'end' }], vars: { count: 7 } }, revision: 12, last_seq: 4, parked_reason: 'none', created_at: at('2026-11-05T00:00:00.000Z'), updated_at: at('2026-11-05T00:10:00.000Z'), closed_at: at('2026-11-05T00:10:00.500Z') },
  case_events: { tenant_id: T, case_id: ids.case, seq: 1, type: 'case.started', node_id: 'n1', data: { by: 'sms' }, at: at('2026-11-05T00:00:00.123Z'), recorded_at: at('2026-11-05T00:00:01.456Z') },
  due_work: { tenant_id: T, id: 9_000_000_000, case_id: ids.case, kind: 'timer', due_at: at('2026-11-06T00:00:00.000Z'), payload: { node: 'wait-1' }, dedupe_key: 'k1', lease_owner: 'worker-1', lease_until: at('2026-11-06T00:00:30.000Z'), attempts: 2, created_at: at('2026-11-05T00:00:02.000Z') },
  effects: { tenant_id: T, id: randomUUID(), case_id: ids.case, node_id: 'sms-1', visit: 1, idempotency_key: `${ids.case}/sms-1/1`, plugin: 'channel-sms', action: 'send', input: { to: '+86', text: '您好' }, status: 'failed', attempts: 3, max_attempts: 5, next_attempt_at: at('2026-11-05T00:05:00.000Z'), last_error: 'timeout', output: { providerId: 'x1' }, created_at: at('2026-11-05T00:00:03.000Z'), updated_at: at('2026-11-05T00:00:04.000Z') },
  tasks: { tenant_id: T, id: randomUUID(), case_id: ids.case, node_id: 'call-back', visit: 2, title: 'Call the customer', queue: 'rebooking', role: 'agent', status: 'completed', assignee: 'agent-7', priority: 5, form: { type: 'object', properties: { note: { type: 'string' } } }, data: { note: 'done' }, due_at: at('2026-11-05T02:00:00.000Z'), created_at: at('2026-11-05T00:00:05.000Z'), claimed_at: at('2026-11-05T00:01:00.000Z'), completed_at: at('2026-11-05T00:30:00.000Z') },
  api_tokens: { tenant_id: T, id: randomUUID(), name: 'ci', role: 'designer', token_hash: `hash-${T}`, created_at: at('2026-11-01T00:00:00.000Z'), last_used_at: at('2026-11-02T00:00:00.000Z'), revoked_at: at('2026-11-03T00:00:00.000Z') },
  notifications: { tenant_id: T, id: `${ids.case}/call-back/2/sla`, case_id: ids.case, node_id: 'call-back', role: 'supervisor', queue: null, reason: 'sla.breached', message: '已超时', created_at: at('2026-11-05T02:00:00.000Z'), read_at: null },
  plugin_connections: { tenant_id: T, id: randomUUID(), plugin_id: 'crm-hubspot', name: 'main', config: { region: 'eu' }, secrets_encrypted: 'v1:abcdef', created_at: at('2026-11-01T00:00:00.000Z'), updated_at: at('2026-11-01T00:00:01.000Z') },
};

describe.each(targets)('round trip on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.close());

  it.each(Object.keys(rows) as (keyof Database)[])('%s comes back as written, with the same JS types', async (table) => {
    await t.db.insertInto(table).values(rows[table] as never).execute();
    const keyColumn = table === 'tenants' ? 'id' : 'tenant_id';
    const [read, ...more] = await t.db.selectFrom(table).selectAll().where(sql.ref<string>(keyColumn), '=', T).execute();
    expect(more).toHaveLength(0);
    // toEqual tells a Date from an ISO string and 5 from '5', so this pins the types too.
    expect(read).toEqual(rows[table]);
    const types = seen.get(target.name) ?? {};
    types[table] = jsTypes(read!);
    seen.set(target.name, types);
  });

  it('fills defaults with the same JS types', async () => {
    const tenant = randomUUID();
    const row = await t.db.insertInto('tenants').values({ id: tenant, name: 'defaults' }).returningAll().executeTakeFirstOrThrow();
    const customer = await t.db.insertInto('customers').values({ tenant_id: tenant, id: randomUUID() }).returningAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBeInstanceOf(Date);
    expect(customer).toMatchObject({ tags: [], data: {}, external_ref: null, name: null });
    expect(customer.created_at).toBeInstanceOf(Date);
    const timer = await t.db
      .insertInto('due_work')
      .values({ tenant_id: T, case_id: ids.case, kind: 'event', due_at: new Date() })
      .returning(['id', 'attempts', 'payload'])
      .executeTakeFirstOrThrow();
    expect(typeof timer.id).toBe('number'); // bigint identity, parsed as a number
    expect(timer).toMatchObject({ attempts: 0, payload: {} });
  });

  it('parses computed values alike: counts, big integers, dates, numerics, text arrays', async () => {
    const { rows: [values] } = await sql<Record<string, unknown>>`
      select (select count(*) from tenants) as count,
        9007199254740993::int8 as too_big,
        array[1, 2]::int8[] as int8s,
        '2026-11-23'::date as day,
        1.50::numeric as amount,
        '2026-11-23 10:00:00.123456+08'::timestamptz as instant,
        array['a', null, 'c b']::text[] as texts,
        '[1, {"a": 2}]'::jsonb as json_array`.execute(t.db);
    expect(values).toEqual({
      count: expect.any(Number),
      too_big: 9007199254740993n, // beyond 2^53: exact, as a bigint, never rounded
      int8s: [1, 2],
      day: '2026-11-23', // a calendar date stays text: no invented time zone
      amount: '1.50',
      instant: new Date('2026-11-23T02:00:00.123Z'),
      texts: ['a', null, 'c b'],
      json_array: [1, { a: 2 }],
    });
    const types = seen.get(target.name) ?? {};
    types.computed = jsTypes(values!);
    seen.set(target.name, types);
  });

  it('accepts JSON text for jsonb and refuses a bare array, as pg does', async () => {
    const tenant = randomUUID();
    await t.db.insertInto('tenants').values({ id: tenant, name: 'json' }).execute();
    await t.db.insertInto('blueprints').values({ tenant_id: tenant, id: 'from-text', name: 'x', draft: '{"a":[1]}' as never }).execute();
    const read = await t.db.selectFrom('blueprints').select('draft').where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
    expect(read.draft).toEqual({ a: [1] });

    const array = t.db.insertInto('blueprints').values({ tenant_id: tenant, id: 'array', name: 'x', draft: [1, 2] }).execute();
    await expect(array).rejects.toThrow(/json/);
  });
});

afterAll(() => {
  // With both drivers run, every column must have come back as the same JS type on each.
  if (seen.size === 2) expect(seen.get('postgres')).toEqual(seen.get('pglite'));
});
