import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import { deployVersion, ManualClock, publishBlueprint, Runtime, Worker, type PluginCall, type PluginHost } from '../src/index.ts';

export const templateDocument = () =>
  JSON.parse(readFileSync(fileURLToPath(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url)), 'utf8'));

/** Shanghai local time → the instant (UTC+8, no DST). */
export const shanghai = (local: string) => new Date(`${local}+08:00`);

/**
 * A plugin host that behaves like a provider honouring idempotency keys: it records every call,
 * and answers per plugin with a handler the test sets.
 */
export class RecordingPlugins implements PluginHost {
  readonly calls: PluginCall[] = [];
  handlers: Record<string, (call: PluginCall) => unknown> = {};

  async invoke(call: PluginCall): Promise<unknown> {
    this.calls.push(call);
    const handler = this.handlers[`${call.plugin}.${call.action}`] ?? this.handlers[call.plugin];
    return handler ? handler(call) : { accepted: true };
  }

  keysOf(plugin: string): string[] {
    return this.calls.filter((c) => c.plugin === plugin).map((c) => c.idempotencyKey);
  }
}

export interface World {
  db: Kysely<Database>;
  clock: ManualClock;
  plugins: RecordingPlugins;
  runtime: Runtime;
  worker: Worker;
  tenantId: string;
  deploymentId: string;
  versionId: string;
}

let tenants = 0;

/** A tenant with the worry-free rebooking template deployed, and two customers: basic and worry-free. */
export async function world(db: Kysely<Database>, start = shanghai('2026-11-24T10:00:00')): Promise<World> {
  const tenantId = `tenant-${++tenants}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto('tenants').values({ id: tenantId, name: 'Happy Travel' }).execute();
  const clock = new ManualClock(start);
  const plugins = new RecordingPlugins();
  const runtime = new Runtime({ db, clock, plugins });
  const version = await publishBlueprint(db, { tenantId, document: templateDocument() });
  const { id: deploymentId } = await deployVersion(db, { tenantId, versionId: version.id, name: 'production' });
  await db
    .insertInto('customers')
    .values([
      { tenant_id: tenantId, id: 'basic-li', name: 'Li Lei', locale: 'zh-CN', segment: 'business', data: { addresses: { 'channel-sms': '+8613800000001' } } },
      { tenant_id: tenantId, id: 'wf-han', name: 'Han Meimei', locale: 'en', segment: 'family', data: { addresses: { 'channel-sms': '+8613800000002' } } },
    ])
    .execute();
  await db
    .insertInto('customer_products')
    .values({ tenant_id: tenantId, id: `${tenantId}-wf`, customer_id: 'wf-han', product_id: 'worry-free', status: 'active', valid_from: new Date('2026-01-01T00:00:00Z'), valid_until: new Date('2027-01-01T00:00:00Z'), entitlements: { freeRebookings: 2, priorityQueue: true } })
    .execute();
  const worker = new Worker(runtime, { id: 'test-worker', random: () => 0.5 });
  return { db, clock, plugins, runtime, worker, tenantId, deploymentId, versionId: version.id };
}

/** Moves the clock and works everything that falls due, one due moment at a time. */
export async function advance(w: World, ms: number): Promise<void> {
  const target = w.clock.now().getTime() + ms;
  for (;;) {
    await w.worker.drain();
    const next = await w.db.selectFrom('due_work').select('due_at').where('tenant_id', '=', w.tenantId).orderBy('due_at').limit(1).executeTakeFirst();
    if (!next || next.due_at.getTime() > target) break;
    w.clock.set(new Date(Math.max(next.due_at.getTime(), w.clock.now().getTime())));
  }
  w.clock.set(new Date(target));
  await w.worker.drain();
}

export async function openTask(w: World, caseId: string, nodeId?: string) {
  let query = w.db.selectFrom('tasks').selectAll().where('tenant_id', '=', w.tenantId).where('case_id', '=', caseId).where('status', 'in', ['open', 'claimed']);
  if (nodeId !== undefined) query = query.where('node_id', '=', nodeId);
  return query.executeTakeFirst();
}

export async function caseEvents(w: World, caseId: string) {
  return w.db.selectFrom('case_events').selectAll().where('tenant_id', '=', w.tenantId).where('case_id', '=', caseId).orderBy('seq').execute();
}
