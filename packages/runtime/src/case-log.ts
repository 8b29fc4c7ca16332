import type { CaseLogEvent } from '@touchpoint/engine';
import type { Database } from '@touchpoint/store';
import type { Transaction } from 'kysely';

/**
 * Appends to a case's event log after entry `lastSeq` (the case row's `last_seq`, read with the row
 * locked) and returns the new last seq, for the caller to store on the case row.
 */
export async function appendCaseEvents(trx: Transaction<Database>, tenantId: string, caseId: string, lastSeq: number, events: readonly CaseLogEvent[]): Promise<number> {
  if (events.length === 0) return lastSeq;
  const start = lastSeq;
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
  return start + events.length;
}
