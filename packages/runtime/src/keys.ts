/**
 * The engine's idempotency keys are `case/node/visit/what`; ids never contain "/" (case ids are
 * UUIDs, node ids are slugs), so the parts can be read back.
 */
export function parseStepKey(key: string): { caseId: string; nodeId: string; visit: number; what: string } | undefined {
  const [caseId, nodeId, visit, what] = key.split('/');
  if (!caseId || !nodeId || !what || !/^\d+$/.test(visit ?? '')) return undefined;
  return { caseId, nodeId, visit: Number(visit), what };
}

/** Dedupe keys in the due-work table, one namespace per kind. */
export const dueKey = {
  timer: (key: string) => `timer:${key}`,
  effect: (key: string) => `effect:${key}`,
  event: (key: string) => `event:${key}`,
};
