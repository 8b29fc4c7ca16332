import type { CaseLogEvent } from '@touchpoint/engine';
import type { Database } from '@touchpoint/store';
import type { Transaction } from 'kysely';

/** Appends to a case's event log, numbering on from the last entry. Call with the case row locked. */
export async function appendCaseEvents(trx: Transaction<Database>, tenantId: string, caseId: string, events: readonly CaseLogEvent[]): Promise<void> {
  if (events.length === 0) return;
  const last = await trx
    .selectFrom('case_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const start = Number(last?.seq ?? 0);
  await trx
    .insertInto('case_events')
    .values(
      events.map((event, i) => ({
        tenant_id: tenantId,
        case_id: caseId,
        seq: start + i + 1,
        type: event.type,
        node_id: event.nodeId ?? null,
        data: event.data ?? {},
        at: event.at,
      })),
    )
    .execute();
}
