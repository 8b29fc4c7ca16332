import type { Blueprint, BlueprintInput } from './document.ts';

type Doc = Pick<Blueprint | BlueprintInput, 'nodes' | 'edges'>;

export interface ElementChange {
  id: string;
  /** Top-level fields whose value differs, e.g. `["sla", "queue"]`. */
  fields: string[];
}

export interface BlueprintDiff {
  nodes: { added: string[]; removed: string[]; changed: ElementChange[] };
  edges: { added: string[]; removed: string[]; changed: ElementChange[] };
  /** True when nodes and edges are the same (other sections may still differ). */
  same: boolean;
}

/** What changed between two versions, node by node and edge by edge, matched by id. */
export function diffBlueprints(before: Doc, after: Doc): BlueprintDiff {
  const nodes = diffList(before.nodes as Array<{ id: string }>, after.nodes as Array<{ id: string }>);
  const edges = diffList(before.edges as Array<{ id: string }>, after.edges as Array<{ id: string }>);
  const empty = (d: typeof nodes) => d.added.length + d.removed.length + d.changed.length === 0;
  return { nodes, edges, same: empty(nodes) && empty(edges) };
}

function diffList(before: Array<{ id: string }>, after: Array<{ id: string }>) {
  const old = new Map(before.map((item) => [item.id, item as Record<string, unknown>]));
  const now = new Map(after.map((item) => [item.id, item as Record<string, unknown>]));
  const changed: ElementChange[] = [];
  for (const [id, item] of now) {
    const previous = old.get(id);
    if (!previous) continue;
    const keys = new Set([...Object.keys(previous), ...Object.keys(item)]);
    const fields = [...keys].filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(item[key])).sort();
    if (fields.length > 0) changed.push({ id, fields });
  }
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed,
  };
}
