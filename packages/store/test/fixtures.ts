import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../src/schema.ts';

export interface SeededCase {
  tenantId: string;
  blueprintId: string;
  versionId: string;
  deploymentId: string;
  customerId: string;
  caseId: string;
}

/** The chain of rows a case needs (tenant → blueprint → version → deployment, customer → case). */
export async function seedCase(db: Kysely<Database>, tenantId: string = randomUUID()): Promise<SeededCase> {
  const ids = {
    tenantId,
    blueprintId: randomUUID(),
    versionId: randomUUID(),
    deploymentId: randomUUID(),
    customerId: randomUUID(),
    caseId: randomUUID(),
  };
  await db.insertInto('tenants').values({ id: tenantId, name: 'Acme Travel' }).onConflict((oc) => oc.doNothing()).execute();
  await db.insertInto('blueprints').values({ tenant_id: tenantId, id: ids.blueprintId, name: 'Rebooking' }).execute();
  await db
    .insertInto('blueprint_versions')
    .values({ tenant_id: tenantId, id: ids.versionId, blueprint_id: ids.blueprintId, version: 1, content_hash: randomUUID(), document: { nodes: [] } })
    .execute();
  await db
    .insertInto('deployments')
    .values({ tenant_id: tenantId, id: ids.deploymentId, blueprint_version_id: ids.versionId, name: 'prod' })
    .execute();
  await db.insertInto('customers').values({ tenant_id: tenantId, id: ids.customerId }).execute();
  await db
    .insertInto('cases')
    .values({
      tenant_id: tenantId,
      id: ids.caseId,
      deployment_id: ids.deploymentId,
      blueprint_version_id: ids.versionId,
      customer_id: ids.customerId,
      status: 'running',
      state: { at: 'start' },
    })
    .execute();
  return ids;
}

/** Describes a row by the JavaScript type of each column, e.g. { due_at: 'Date', id: 'number' }. */
export function jsTypes(row: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column,
      value === null ? 'null' : value instanceof Date ? 'Date' : Array.isArray(value) ? 'array' : typeof value,
    ]),
  );
}
