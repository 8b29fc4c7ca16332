import type { ValidationContext } from './context.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** Subjourneys name blueprints that exist, and never lead back to the blueprint that runs them. */
export function checkSubjourneys(selfId: string | undefined, view: View, context: ValidationContext, report: Report): void {
  const known = context.blueprints;
  const lookup = (id: string): { nodes?: unknown } | undefined =>
    known === undefined ? undefined : known instanceof Map ? known.get(id) : (known as Record<string, { nodes?: unknown }>)[id];

  for (const { index, value: node } of valid(view.nodes)) {
    if (node.kind !== 'subjourney') continue;
    const at = ['nodes', index, 'blueprint'];
    if (node.blueprint === selfId) {
      report.add('TP_BLUEPRINT_SUBJOURNEY_CYCLE', at, `subjourney "${node.id}" runs this blueprint itself`, { nodeId: node.id });
      continue;
    }
    if (known === undefined) continue;
    if (lookup(node.blueprint) === undefined) {
      report.add('TP_BLUEPRINT_SUBJOURNEY_UNKNOWN', at, `no blueprint has the id "${node.blueprint}"`, { nodeId: node.id });
      continue;
    }
    const cycle = findCycle(node.blueprint, selfId, lookup);
    if (cycle) report.add('TP_BLUEPRINT_SUBJOURNEY_CYCLE', at, `subjourneys run in a circle: ${cycle.join(' → ')}`, { nodeId: node.id });
  }
}

/** Depth-first over subjourney references; returns the first path that comes back to where it started. */
function findCycle(start: string, selfId: string | undefined, lookup: (id: string) => { nodes?: unknown } | undefined): string[] | undefined {
  const origin = selfId ?? start;
  const path = selfId === undefined ? [] : [selfId];
  const visited = new Set<string>();
  const visit = (id: string): string[] | undefined => {
    if (id === origin && path.length > 0) return [...path, id];
    if (visited.has(id)) return undefined;
    visited.add(id);
    path.push(id);
    for (const next of subjourneysOf(lookup(id))) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    return undefined;
  };
  return visit(start);
}

function subjourneysOf(doc: { nodes?: unknown } | undefined): string[] {
  if (!Array.isArray(doc?.nodes)) return [];
  return doc.nodes.flatMap((node: unknown) => {
    const n = node as { kind?: unknown; blueprint?: unknown } | null;
    return n?.kind === 'subjourney' && typeof n.blueprint === 'string' ? [n.blueprint] : [];
  });
}
