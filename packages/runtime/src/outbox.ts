import { randomUUID } from 'node:crypto';
import type { Effect } from '@touchpoint/engine';
import type { Database } from '@touchpoint/store';
import { sql, type Transaction } from 'kysely';
import { activeProducts } from './customers.ts';
import { dueKey, parseStepKey } from './keys.ts';

/** Channel sends are retried like plugin actions; these are their defaults. */
export const SEND_RETRY = { maxAttempts: 5, backoffMs: 2_000, timeoutMs: 15_000 };

/** What the due-work row of an effect carries to the worker. */
export interface EffectWork {
  effectKey: string;
  timeoutMs: number;
  backoffMs: number;
}

/**
 * Writes a transition's effects in the transaction that writes its state (the transactional
 * outbox): plugin calls become effect records plus due work, timers become due work, task
 * changes are applied to the task rows. Every insert is keyed, so applying twice changes nothing.
 */
export async function persistEffects(trx: Transaction<Database>, tenantId: string, caseId: string, effects: readonly Effect[], now: Date): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'send':
      case 'call': {
        const step = parseStepKey(effect.key);
        const retry = effect.type === 'call' ? { ...effect.retry, timeoutMs: effect.timeoutMs } : SEND_RETRY;
        const input = effect.type === 'send' ? { ...effect.input, locale: effect.locale, template: effect.template } : effect.input;
        await trx
          .insertInto('effects')
          .values({
            tenant_id: tenantId,
            id: randomUUID(),
            case_id: caseId,
            node_id: effect.nodeId,
            visit: step?.visit ?? 0,
            idempotency_key: effect.key,
            plugin: effect.plugin,
            action: effect.action,
            input,
            max_attempts: retry.maxAttempts,
            next_attempt_at: now,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
          .execute();
        const work: EffectWork = { effectKey: effect.key, timeoutMs: retry.timeoutMs, backoffMs: retry.backoffMs };
        await schedule(trx, tenantId, caseId, 'effect', now, { ...work }, dueKey.effect(effect.key));
        break;
      }
      case 'schedule-timer':
        await schedule(trx, tenantId, caseId, 'timer', new Date(effect.at), { key: effect.key }, dueKey.timer(effect.key));
        break;
      case 'cancel-timer':
        await trx.deleteFrom('due_work').where('tenant_id', '=', tenantId).where('dedupe_key', '=', dueKey.timer(effect.key)).execute();
        break;
      case 'create-task': {
        const step = parseStepKey(effect.key);
        await trx
          .insertInto('tasks')
          .values({
            tenant_id: tenantId,
            id: randomUUID(),
            case_id: caseId,
            node_id: effect.nodeId,
            visit: step?.visit ?? 0,
            title: effect.title,
            queue: effect.queue,
            role: effect.role ?? null,
            assignee: effect.assignee ?? null,
            priority: effect.priority,
            form: effect.form ?? null,
            due_at: effect.dueAt ?? null,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'case_id', 'node_id', 'visit']).doNothing())
          .execute();
        break;
      }
      case 'update-task':
      case 'close-task': {
        const step = parseStepKey(effect.key);
        if (!step) break;
        const changes =
          effect.type === 'close-task'
            ? { status: 'cancelled' as const }
            : { ...(effect.queue !== undefined && { queue: effect.queue }), ...(effect.priority !== undefined && { priority: effect.priority }), ...(effect.dueAt !== undefined && { due_at: effect.dueAt }) };
        if (Object.keys(changes).length === 0) break;
        await trx
          .updateTable('tasks')
          .set(changes)
          .where('tenant_id', '=', tenantId)
          .where('case_id', '=', caseId)
          .where('node_id', '=', step.nodeId)
          .where('visit', '=', step.visit)
          .where('status', 'in', ['open', 'claimed'])
          .execute();
        break;
      }
      case 'notify':
        await trx
          .insertInto('notifications')
          .values({
            tenant_id: tenantId,
            id: effect.key,
            case_id: caseId,
            node_id: effect.nodeId ?? null,
            role: effect.role ?? null,
            queue: effect.queue ?? null,
            reason: effect.reason,
            message: effect.message,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .execute();
        break;
      case 'consume-entitlement':
        if (effect.customerId !== undefined) await consumeEntitlement(trx, tenantId, effect.customerId, effect.entitlement, effect.quantity, now);
        break;
      case 'start-subjourney':
        // Started by the worker from due work, so the child case gets a transaction of its own.
        await schedule(trx, tenantId, caseId, 'event', now, { subjourney: effect }, dueKey.event(effect.key));
        break;
    }
  }
}

async function schedule(trx: Transaction<Database>, tenantId: string, caseId: string, kind: 'timer' | 'effect' | 'event', dueAt: Date, payload: object, dedupe: string): Promise<void> {
  await trx
    .insertInto('due_work')
    .values({ tenant_id: tenantId, case_id: caseId, kind, due_at: dueAt, payload, dedupe_key: dedupe })
    .onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing())
    .execute();
}

/** Takes the quantity from the oldest active product of the customer that still has enough. */
async function consumeEntitlement(trx: Transaction<Database>, tenantId: string, customerId: string, entitlement: string, quantity: number, now: Date): Promise<void> {
  const products = await activeProducts(trx, tenantId, customerId, now).select(['id', 'entitlements']).forUpdate().execute();
  const product = products.find((p) => typeof p.entitlements[entitlement] === 'number' && (p.entitlements[entitlement] as number) >= quantity);
  if (!product) return;
  await trx
    .updateTable('customer_products')
    .set({ entitlements: sql`jsonb_set(entitlements, ${sql.val(`{${entitlement}}`)}::text[], to_jsonb((entitlements->>${entitlement})::numeric - ${quantity}))` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', product.id)
    .execute();
}
