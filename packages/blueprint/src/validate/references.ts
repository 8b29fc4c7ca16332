import type { Report } from './report.ts';
import { valid, type Item, type View } from './view.ts';

const LISTS = ['stages', 'nodes', 'edges', 'slaPolicies', 'calendars', 'templates', 'kpis', 'products'] as const;

/** Ids must be unique within each list; the second and later uses are reported. */
export function checkDuplicateIds(view: View, report: Report): void {
  for (const list of LISTS) {
    const seen = new Map<string, number>();
    for (const item of view[list] as Item<unknown>[]) {
      if (item.id === undefined) continue;
      const first = seen.get(item.id);
      if (first === undefined) seen.set(item.id, item.index);
      else report.add('TP_BLUEPRINT_DUPLICATE_ID', [list, item.index, 'id'], `"${item.id}" is already the id of ${list}[${first}]`, owner(list, item.id));
    }
  }
}

/** Every id a node, policy or product names must exist in the list it points into. */
export function checkReferences(view: View, report: Report): void {
  const ids = (list: Item<unknown>[]) => new Set(list.flatMap((item) => (item.id === undefined ? [] : [item.id])));
  const stages = ids(view.stages);
  const policies = ids(view.slaPolicies);
  const calendars = ids(view.calendars);
  const templates = ids(view.templates);
  const nodes = ids(view.nodes);
  const entitlements = new Set(valid(view.products).flatMap(({ value }) => Object.keys(value.entitlements)));

  const expect = (known: Set<string>, id: string | undefined, what: string, path: (string | number)[], nodeId?: string) => {
    if (id !== undefined && !known.has(id)) {
      report.add('TP_BLUEPRINT_UNKNOWN_REFERENCE', path, `no ${what} has the id "${id}"`, nodeId === undefined ? {} : { nodeId });
    }
  };

  for (const { index, value: node } of valid(view.nodes)) {
    expect(stages, node.stage, 'stage', ['nodes', index, 'stage'], node.id);
    expect(policies, node.sla, 'SLA policy', ['nodes', index, 'sla'], node.id);
    if (node.kind === 'touchpoint' || node.kind === 'survey') {
      expect(templates, node.template, 'message template', ['nodes', index, 'template'], node.id);
    }
    if (node.kind === 'wait' || node.kind === 'timer') {
      expect(calendars, node.calendar, 'calendar', ['nodes', index, 'calendar'], node.id);
    }
    if (node.consumes && !entitlements.has(node.consumes.entitlement)) {
      report.add(
        'TP_BLUEPRINT_ENTITLEMENT_UNKNOWN',
        ['nodes', index, 'consumes', 'entitlement'],
        `no service product grants the entitlement "${node.consumes.entitlement}"`,
        { nodeId: node.id },
      );
    }
  }
  expect(policies, view.sla, 'SLA policy', ['sla']);
  for (const { index, value: policy } of valid(view.slaPolicies)) {
    expect(calendars, policy.calendar, 'calendar', ['slaPolicies', index, 'calendar']);
  }
  for (const { index, value: product } of valid(view.products)) {
    product.overrides.forEach((override, j) => {
      expect(nodes, override.node, 'node', ['products', index, 'overrides', j, 'node']);
      expect(policies, override.sla, 'SLA policy', ['products', index, 'overrides', j, 'sla']);
    });
  }
}

function owner(list: (typeof LISTS)[number], id: string): { nodeId?: string; edgeId?: string } {
  if (list === 'nodes') return { nodeId: id };
  if (list === 'edges') return { edgeId: id };
  return {};
}
