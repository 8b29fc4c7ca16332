import { randomUUID } from 'node:crypto';
import type { TriggerEvent } from '@touchpoint/plugin-sdk';
import type { Runtime } from '@touchpoint/runtime';
import type { Database } from '@touchpoint/store';
import { sql, type Kysely } from 'kysely';

export interface Delivery {
  event: string;
  caseId?: string;
  outcome: 'started' | 'delivered' | 'ignored';
  reason?: string;
}

const OPEN = ['running', 'waiting', 'parked'] as const;

/**
 * Where the events of one webhook go. A `caseRef` names a case (ours, or one a plugin started with
 * that reference); a `customerRef` (a phone number, an openid) finds the customer and their open
 * case; with `start`, a request from someone with no open case opens one on the deployment whose
 * trigger listens to this plugin. A survey score sent as a plain message counts as the answer when
 * the case is waiting for one, and not as a second contact.
 */
export async function routeEvents(
  deps: { db: Kysely<Database>; runtime: Runtime },
  input: { tenantId: string; pluginId: string; triggerId: string; events: TriggerEvent[] },
): Promise<Delivery[]> {
  const { db, runtime } = deps;
  const { tenantId, pluginId } = input;
  const deliveries: Delivery[] = [];
  const events = preferSurveyAnswers(await Promise.all(input.events.map(async (event) => ({ event, target: await findCase(event) }))));

  for (const { event, target } of events) {
    if (target) {
      await runtime.sendEvent({ tenantId, caseId: target.id, name: event.name, data: event.data });
      deliveries.push({ event: event.name, caseId: target.id, outcome: 'delivered' });
      continue;
    }
    if (!event.start) {
      deliveries.push({ event: event.name, outcome: 'ignored', reason: 'no open case matches it' });
      continue;
    }
    const deploymentId = await deploymentListeningTo(pluginId, input.triggerId);
    if (!deploymentId) {
      deliveries.push({ event: event.name, outcome: 'ignored', reason: `no active deployment starts cases from ${pluginId}` });
      continue;
    }
    const customerId = event.customerRef === undefined ? undefined : await customerFor(event.customerRef, true);
    const caseId = event.caseRef === undefined ? randomUUID() : `${pluginId}:${event.caseRef}`;
    await runtime.startCase({ tenantId, deploymentId, caseId, channel: pluginId, data: { request: event.data }, ...(customerId !== undefined && { customerId }) });
    deliveries.push({ event: event.name, caseId, outcome: 'started' });
  }
  return deliveries;

  async function findCase(event: TriggerEvent) {
    if (event.caseRef !== undefined) {
      const byRef = await db
        .selectFrom('cases')
        .select(['id', 'state'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', [event.caseRef, `${pluginId}:${event.caseRef}`])
        .executeTakeFirst();
      if (byRef) return byRef;
    }
    if (event.customerRef === undefined) return undefined;
    const customerId = await customerFor(event.customerRef, false);
    if (customerId === undefined) return undefined;
    return db
      .selectFrom('cases')
      .select(['id', 'state'])
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', customerId)
      .where('status', 'in', OPEN)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The customer with this reference (their id in the tenant's systems, or their address on this channel). */
  async function customerFor(ref: string, create: boolean): Promise<string | undefined> {
    const found = await db
      .selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('external_ref', '=', ref), eb(sql`data->'addresses'->>${pluginId}`, '=', ref)]))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (found || !create) return found?.id;
    const id = randomUUID();
    await db.insertInto('customers').values({ tenant_id: tenantId, id, data: { addresses: { [pluginId]: ref } } }).execute();
    return id;
  }

  async function deploymentListeningTo(plugin: string, trigger: string): Promise<string | undefined> {
    const rows = await db
      .selectFrom('deployments')
      .innerJoin('blueprint_versions', (j) => j.onRef('blueprint_versions.tenant_id', '=', 'deployments.tenant_id').onRef('blueprint_versions.id', '=', 'deployments.blueprint_version_id'))
      .select(['deployments.id', 'blueprint_versions.document'])
      .where('deployments.tenant_id', '=', tenantId)
      .where('deployments.active', '=', true)
      .orderBy('deployments.created_at', 'desc')
      .execute();
    const listens = (node: { kind?: string; source?: string; plugin?: string; trigger?: string }) =>
      node.kind === 'trigger' && (node.plugin === plugin ? (node.trigger ?? 'inbound') === trigger : node.source === 'channel' && node.plugin === undefined);
    return rows.find((row) => ((row.document as { nodes?: unknown[] }).nodes ?? []).some((node) => listens(node as never)))?.id;
  }
}

/** A webhook that is both a message and a score: the score wins when its case waits for one. */
function preferSurveyAnswers<T extends { event: TriggerEvent; target?: { state: unknown } | undefined }>(items: T[]): T[] {
  const answer = items.find((item) => item.event.name === 'survey.answered');
  const waitingForAnswer = (item: T | undefined) => {
    const pending = (item?.target?.state as { position?: { pending?: { kind?: string; name?: string } } } | undefined)?.position?.pending;
    return pending?.kind === 'event' && pending.name === 'survey.answered';
  };
  if (answer && waitingForAnswer(answer)) return [answer];
  return items.filter((item) => item.event.name !== 'survey.answered');
}
