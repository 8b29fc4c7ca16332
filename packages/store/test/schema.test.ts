import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../src/errors.ts';
import { databaseTargets, type TestDatabase } from './databases.ts';
import { seedCase, type SeededCase } from './fixtures.ts';

const targets = await databaseTargets();

const TABLES = [
  'api_tokens', 'blueprint_versions', 'blueprints', 'case_events', 'cases', 'customer_products', 'customers',
  'deployments', 'due_work', 'effects', 'notifications', 'plugin_connections', 'tasks', 'tenants',
];

describe.each(targets)('schema on $name', (target) => {
  let t: TestDatabase;
  let seeded: SeededCase;
  beforeAll(async () => {
    t = await target.open();
    seeded = await seedCase(t.db);
  });
  afterAll(() => t?.close());

  it('every table has a primary key that starts with tenant_id', async () => {
    // Read from the catalog, not from our own schema.ts, so this checks what the migrations built.
    const { rows } = await sql<{ table: string; columns: string[] }>`
      select c.relname::text as table, array_agg(a.attname::text order by k.ord) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_index i on i.indrelid = c.oid and i.indisprimary
      cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where n.nspname = current_schema() and c.relkind = 'r' and c.relname not like 'kysely_%'
      group by c.relname order by 1`.execute(t.db);
    const keys = Object.fromEntries(rows.map((row) => [row.table, row.columns]));
    expect(Object.keys(keys)).toEqual(TABLES); // every table has one
    for (const [table, columns] of Object.entries(keys)) {
      // tenants is keyed by the tenant id itself.
      expect(columns[0], table).toBe(table === 'tenants' ? 'id' : 'tenant_id');
    }
    expect(keys.case_events).toEqual(['tenant_id', 'case_id', 'seq']);
  });

  it('every table carries tenant_id (information_schema)', async () => {
    const { rows } = await sql<{ table: string }>`
      select table_name::text as table from information_schema.columns
      where table_schema = current_schema() and column_name = 'tenant_id' order by 1`.execute(t.db);
    expect(rows.map((row) => row.table)).toEqual(TABLES.filter((table) => table !== 'tenants'));
  });

  it('refuses a second effect with the same idempotency key, per tenant', async () => {
    const effect = {
      tenant_id: seeded.tenantId,
      case_id: seeded.caseId,
      node_id: 'sms-1',
      visit: 1,
      idempotency_key: `${seeded.caseId}/sms-1/1`,
      plugin: 'channel-sms',
      action: 'send',
      max_attempts: 5,
    };
    await t.db.insertInto('effects').values({ ...effect, id: randomUUID() }).execute();
    const duplicate = await t.db.insertInto('effects').values({ ...effect, id: randomUUID() }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate, 'effects_idempotency_key_unique')).toBe(true);

    // The same key in another tenant is another effect.
    const other = await seedCase(t.db);
    await t.db
      .insertInto('effects')
      .values({ ...effect, tenant_id: other.tenantId, case_id: other.caseId, id: randomUUID() })
      .execute();
  });

  it('refuses duplicate dedupe keys, external refs, version numbers and token hashes', async () => {
    const { tenantId, caseId, blueprintId } = seeded;
    const timer = { tenant_id: tenantId, case_id: caseId, kind: 'timer' as const, due_at: new Date(), dedupe_key: 'sla:first-response' };
    await t.db.insertInto('due_work').values(timer).execute();
    expect(isUniqueViolation(await t.db.insertInto('due_work').values(timer).execute().catch((e: unknown) => e), 'due_work_dedupe_key_unique')).toBe(true);
    // NULL keys never collide.
    await t.db.insertInto('due_work').values([{ ...timer, dedupe_key: null }, { ...timer, dedupe_key: null }]).execute();

    const customer = { tenant_id: tenantId, external_ref: 'crm-42' };
    await t.db.insertInto('customers').values({ ...customer, id: randomUUID() }).execute();
    const dupCustomer = await t.db.insertInto('customers').values({ ...customer, id: randomUUID() }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(dupCustomer, 'customers_external_ref_unique')).toBe(true);

    const version = { tenant_id: tenantId, blueprint_id: blueprintId, version: 1, content_hash: randomUUID(), document: {} };
    const dupVersion = await t.db.insertInto('blueprint_versions').values({ ...version, id: randomUUID() }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(dupVersion, 'blueprint_versions_version_unique')).toBe(true);

    const token = { tenant_id: tenantId, name: 'ci', role: 'admin' as const, token_hash: 'h1' };
    await t.db.insertInto('api_tokens').values({ ...token, id: randomUUID() }).execute();
    const dupToken = await t.db.insertInto('api_tokens').values({ ...token, id: randomUUID() }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(dupToken, 'api_tokens_token_hash_unique')).toBe(true);
    expect(isUniqueViolation(dupToken, 'effects_idempotency_key_unique')).toBe(false);
  });

  it('refuses unknown statuses (check constraints) and dangling references (foreign keys)', async () => {
    const badStatus = await t.db
      .updateTable('cases')
      .set({ status: 'lost' as never })
      .where('id', '=', seeded.caseId)
      .execute()
      .catch((e: unknown) => e);
    expect(badStatus).toMatchObject({ code: '23514', constraint: 'cases_status_check' });

    const dangling = await t.db
      .insertInto('case_events')
      .values({ tenant_id: seeded.tenantId, case_id: randomUUID(), seq: 1, type: 'started', at: new Date() })
      .execute()
      .catch((e: unknown) => e);
    expect(dangling).toMatchObject({ code: '23503', constraint: 'case_events_case_fk' });
  });

  it('never lets a published version or a case event change', async () => {
    const { tenantId, caseId, versionId } = seeded;
    await t.db.insertInto('case_events').values({ tenant_id: tenantId, case_id: caseId, seq: 1, type: 'started', at: new Date() }).execute();

    const editVersion = t.db.updateTable('blueprint_versions').set({ document: { changed: true } }).where('id', '=', versionId).execute();
    await expect(editVersion).rejects.toThrow(/TP_STORE_IMMUTABLE_ROW: rows of blueprint_versions/);
    const editEvent = t.db.updateTable('case_events').set({ type: 'other' }).where('case_id', '=', caseId).execute();
    await expect(editEvent).rejects.toThrow(/TP_STORE_IMMUTABLE_ROW: rows of case_events/);
  });
});
