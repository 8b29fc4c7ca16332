import { transition, type CaseState, type EngineEventInput, type TransitionResult } from '@touchpoint/engine';
import type { Database, Row } from '@touchpoint/store';
import type { Kysely, Transaction } from 'kysely';
import type { BlueprintCache } from './blueprint-cache.ts';
import { appendCaseEvents } from './case-log.ts';
import type { Clock } from './clock.ts';
import { notFound } from './errors.ts';
import { dueKey } from './keys.ts';
import { persistEffects } from './outbox.ts';

export interface ApplyDeps {
  db: Kysely<Database>;
  clock: Clock;
  blueprints: BlueprintCache;
  /** Told after each committed transition that changed a case (live views). */
  onChange?: (change: CaseChange) => void;
}

export interface CaseChange {
  tenantId: string;
  caseId: string;
  status: string;
  events: TransitionResult['events'];
}

export interface ApplyInput {
  tenantId: string;
  caseId: string;
  event: EngineEventInput;
  /** The due-work row this event came from: deleted in the same transaction. */
  dueWorkId?: number;
  /** More writes that must commit or fail with the transition (e.g. an effect's status). */
  alongside?: (trx: Transaction<Database>, caseRow: Row<'cases'>) => Promise<void>;
}

/**
 * The one way a case changes: lock its row, run the engine, and write the new state, the log
 * entries and the outbox in a single transaction. The row lock serialises concurrent events for
 * one case (a timer and a webhook, two workers), so no transition is ever applied twice.
 */
export async function applyEvent(deps: ApplyDeps, input: ApplyInput): Promise<TransitionResult> {
  const { result, change } = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', input.tenantId)
      .where('id', '=', input.caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('case', input.caseId);
    const blueprint = await deps.blueprints.get(trx, input.tenantId, row.blueprint_version_id);
    const now = deps.clock.now();
    const result = transition({ blueprint, state: row.state as unknown as CaseState, event: input.event, now });
    if (input.dueWorkId !== undefined) {
      await trx.deleteFrom('due_work').where('tenant_id', '=', input.tenantId).where('id', '=', input.dueWorkId).execute();
    }
    await input.alongside?.(trx, row);
    if (!result.changed) return { result, change: undefined };
    await writeTransition(trx, input.tenantId, input.caseId, result, now, row);
    return { result, change: { tenantId: input.tenantId, caseId: input.caseId, status: result.state.status, events: result.events } };
  });
  if (change) deps.onChange?.(change);
  return result;
}

/** Writes a transition's state, log and outbox; the case row must be locked (or new). */
export async function writeTransition(trx: Transaction<Database>, tenantId: string, caseId: string, result: TransitionResult, now: Date, row: { revision: number; last_seq: number }): Promise<void> {
  const { state } = result;
  const lastSeq = await appendCaseEvents(trx, tenantId, caseId, row.last_seq, result.events);
  const closed = state.status === 'completed' || state.status === 'cancelled';
  await trx
    .updateTable('cases')
    .set({
      state,
      status: state.status,
      outcome: state.outcome ?? null,
      parked_reason: state.parked?.reason ?? null,
      revision: row.revision + 1,
      last_seq: lastSeq,
      updated_at: now,
      closed_at: closed ? now : null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', caseId)
    .where('revision', '=', row.revision)
    .execute();
  await persistEffects(trx, tenantId, caseId, result.effects, now);
  if (closed) await notifyParent(trx, tenantId, state, now);
}

/** A subjourney's child case tells its parent it has ended, through due work (its own transaction). */
async function notifyParent(trx: Transaction<Database>, tenantId: string, state: TransitionResult['state'], now: Date): Promise<void> {
  const parent = state.data.parent as { caseId?: unknown; key?: unknown } | undefined;
  if (typeof parent?.caseId !== 'string' || typeof parent.key !== 'string') return;
  const event: EngineEventInput = { type: 'subjourney.ended', key: parent.key, outcome: state.outcome ?? state.status, data: {} };
  await trx
    .insertInto('due_work')
    .values({ tenant_id: tenantId, case_id: parent.caseId, kind: 'event', due_at: now, payload: { event }, dedupe_key: dueKey.event(`${parent.key}/ended`) })
    .onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing())
    .execute();
}
