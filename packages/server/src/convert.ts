import type { Row } from '@touchpoint/store';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function caseSummary(row: Row<'cases'>) {
  const state = row.state as { position?: { nodeId?: string } };
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    blueprintVersionId: row.blueprint_version_id,
    customerId: row.customer_id,
    status: row.status,
    outcome: row.outcome,
    parkedReason: row.parked_reason,
    currentNode: state.position?.nodeId ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: iso(row.closed_at),
  };
}

export function caseEvent(row: Row<'case_events'>) {
  return { seq: row.seq, type: row.type, nodeId: row.node_id, data: row.data, at: row.at.toISOString() };
}

export function task(row: Row<'tasks'>) {
  return {
    id: row.id,
    caseId: row.case_id,
    nodeId: row.node_id,
    title: row.title,
    queue: row.queue,
    role: row.role,
    status: row.status,
    assignee: row.assignee,
    priority: row.priority,
    form: row.form,
    dueAt: iso(row.due_at),
    createdAt: row.created_at.toISOString(),
  };
}

/** Opaque cursors for keyset pagination: (created_at, id) of the last row seen. */
export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
}
