import type { Edge, EdgeOn } from '../edge.ts';
import type { Node, NodeKind } from '../nodes/index.ts';
import type { PathSegment } from '../problems.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** Which outcomes each node kind can follow (besides `next`). */
const OUTCOMES: Record<NodeKind, readonly EdgeOn[]> = {
  trigger: ['next'],
  touchpoint: ['next', 'error', 'breach'],
  task: ['next', 'breach'],
  wait: ['next', 'timeout', 'breach'],
  timer: ['next'],
  decision: ['next'],
  action: ['next', 'error', 'breach'],
  survey: ['next', 'timeout', 'error'],
  subjourney: ['next', 'error', 'breach'],
  end: [],
};

/** Touchpoints are what the customer sees, so they sit above the line of visibility. */
const CUSTOMER_VISIBLE: ReadonlySet<NodeKind> = new Set(['touchpoint', 'survey']);

/** The journey's shape: edges connect real nodes, every step is reachable and can finish. */
export function checkGraph(view: View, report: Report): void {
  const nodeIds = new Set(view.nodes.flatMap((n) => (n.id === undefined ? [] : [n.id])));
  const nodes = new Map(valid(view.nodes).map((item) => [item.value.id, item]));
  const edges = valid(view.edges);

  const outgoing = new Map<string, typeof edges>();
  const incoming = new Map<string, string[]>();
  const danglingFrom = new Set<string>();
  for (const edge of edges) {
    const { from, to, id } = edge.value;
    if (!nodeIds.has(from)) report.add('TP_BLUEPRINT_DANGLING_EDGE', ['edges', edge.index, 'from'], `edge "${id}" starts at "${from}", which is not a node`, { edgeId: id });
    if (!nodeIds.has(to)) report.add('TP_BLUEPRINT_DANGLING_EDGE', ['edges', edge.index, 'to'], `edge "${id}" ends at "${to}", which is not a node`, { edgeId: id });
    if (!nodeIds.has(from) || !nodeIds.has(to)) {
      danglingFrom.add(from);
      continue;
    }
    push(outgoing, from, edge);
    push(incoming, to, from);
  }

  for (const [nodeId, item] of nodes) {
    checkNodeEdges(item.value, item.index, outgoing.get(nodeId) ?? [], report);
    if (CUSTOMER_VISIBLE.has(item.value.kind) && (item.value.lane === 'backstage' || item.value.lane === 'support')) {
      report.add('TP_BLUEPRINT_LANE_VISIBILITY', ['nodes', item.index, 'lane'], `a ${item.value.kind} is seen by the customer, so it cannot sit below the line of visibility (lane "${item.value.lane}")`, { nodeId });
    }
  }
  checkReachability(view, nodes, outgoing, incoming, danglingFrom, report);
  checkSlaEscapes(view, report, (id) => new Set((outgoing.get(id) ?? []).map((edge) => edge.value.on)));
}

function checkNodeEdges(node: Node, index: number, out: Array<{ index: number; value: Edge }>, report: Report): void {
  const allowed = OUTCOMES[node.kind];
  const seenOutcome = new Set<EdgeOn>();
  let defaults = 0;
  const unconditioned: Array<{ at: PathSegment[]; owner: { edgeId: string; nodeId: string } }> = [];
  for (const { index: edgeIndex, value: edge } of out) {
    const at = ['edges', edgeIndex];
    const owner = { edgeId: edge.id, nodeId: node.id };
    if (node.kind === 'end') {
      report.add('TP_BLUEPRINT_END_HAS_OUTGOING', at, `edge "${edge.id}" leaves end node "${node.id}"; an end has no way out`, owner);
      continue;
    }
    if (!allowed.includes(edge.on)) {
      report.add('TP_BLUEPRINT_EDGE_OUTCOME', [...at, 'on'], `a ${node.kind} has no "${edge.on}" outcome; it can follow ${allowed.join(', ')}`, owner);
    }
    if (edge.on === 'breach' && node.sla === undefined) {
      report.add('TP_BLUEPRINT_EDGE_OUTCOME', [...at, 'on'], `"${node.id}" has no SLA, so it is never breached`, owner);
    }
    if (node.kind === 'decision') {
      if (edge.default) defaults += 1;
      if (edge.default && defaults > 1) report.add('TP_BLUEPRINT_DECISION_MULTIPLE_DEFAULTS', [...at, 'default'], `decision "${node.id}" already has a default branch`, owner);
      if (!edge.default && edge.condition === undefined) unconditioned.push({ at, owner });
      continue;
    }
    if (edge.condition !== undefined || edge.default) {
      report.add('TP_BLUEPRINT_CONDITION_OUTSIDE_DECISION', [...at, edge.condition !== undefined ? 'condition' : 'default'], `only a decision's edges have conditions; put a decision after "${node.id}"`, owner);
    }
    if (seenOutcome.has(edge.on)) {
      report.add('TP_BLUEPRINT_AMBIGUOUS_NEXT', at, `"${node.id}" already has a "${edge.on}" edge; use a decision to branch`, owner);
    }
    seenOutcome.add(edge.on);
  }
  const here = ['nodes', index];
  if (node.kind === 'decision' && defaults === 0) {
    // A branch without a condition is most likely the default the designer forgot to mark: say so once.
    const candidate = unconditioned.shift();
    const hint = candidate ? `; mark edge "${candidate.owner.edgeId}" with "default": true` : '';
    report.add('TP_BLUEPRINT_DECISION_NO_DEFAULT', here, `decision "${node.id}" has no default branch (an edge with "default": true), so a case could get stuck${hint}`, { nodeId: node.id });
  }
  for (const { at, owner } of unconditioned) {
    report.add('TP_BLUEPRINT_CONDITION_MISSING', at, `a branch of decision "${node.id}" needs a condition or "default": true`, owner);
  }
  if (node.kind === 'wait' && node.timeout !== undefined && !seenOutcome.has('timeout')) {
    report.add('TP_BLUEPRINT_TIMEOUT_WITHOUT_EDGE', [...here, 'timeout'], `wait "${node.id}" times out, but no "timeout" edge says where the case goes then`, { nodeId: node.id });
  }
  if (node.kind === 'timer' && (node.after === undefined) === (node.at === undefined)) {
    report.add('TP_BLUEPRINT_TIMER_SPEC', here, `timer "${node.id}" needs exactly one of "after" (a duration) or "at" (an expression)`, { nodeId: node.id });
  }
}

/** Waits and tasks under an SLA need somewhere to go when time runs out: a timeout or breach edge, or an escalation ladder. */
function checkSlaEscapes(view: View, report: Report, outcomesOf: (nodeId: string) => Set<EdgeOn>): void {
  const policies = new Map(valid(view.slaPolicies).map(({ value }) => [value.id, value]));
  for (const { index, value: node } of valid(view.nodes)) {
    if ((node.kind !== 'wait' && node.kind !== 'task') || node.sla === undefined) continue;
    const policy = policies.get(node.sla);
    if (policy === undefined) continue; // reported as an unknown reference
    const outcomes = outcomesOf(node.id);
    if (outcomes.has('breach') || outcomes.has('timeout') || policy.escalations.length > 0) continue;
    report.add('TP_BLUEPRINT_SLA_WITHOUT_ESCAPE', ['nodes', index, 'sla'], `${node.kind} "${node.id}" has an SLA but no timeout or breach edge, and policy "${policy.id}" has no escalation ladder: a breach would go unnoticed`, { nodeId: node.id });
  }
}

function checkReachability(
  view: View,
  nodes: Map<string, { index: number; value: Node }>,
  outgoing: Map<string, Array<{ value: { to: string } }>>,
  incoming: Map<string, string[]>,
  danglingFrom: Set<string>,
  report: Report,
): void {
  const triggers = [...nodes.values()].filter(({ value }) => value.kind === 'trigger').map(({ value }) => value.id);
  if (triggers.length === 0) {
    if (view.nodes.length > 0) report.add('TP_BLUEPRINT_NO_TRIGGER', ['nodes'], 'no trigger node: nothing would ever start a case');
    return;
  }
  const reachable = walk(triggers, (id) => (outgoing.get(id) ?? []).map((edge) => edge.value.to));
  // A node whose edge dangles is not reported as unable to finish: the dangling edge is the cause.
  const ends = [...nodes.values()].filter(({ value }) => value.kind === 'end').map(({ value }) => value.id);
  ends.push(...danglingFrom);
  const canFinish = walk(ends, (id) => incoming.get(id) ?? []);
  for (const [id, { index }] of nodes) {
    if (!reachable.has(id)) report.add('TP_BLUEPRINT_UNREACHABLE', ['nodes', index], `no path from a trigger reaches "${id}"`, { nodeId: id });
    else if (!canFinish.has(id)) report.add('TP_BLUEPRINT_NO_PATH_TO_END', ['nodes', index], `from "${id}" no path leads to an end node, so its cases never finish`, { nodeId: id });
  }
}

/** Breadth-first: every id reachable from `start` through `next`. Iterative, so 10,000-node chains are fine. */
function walk(start: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let i = 0; i < queue.length; i++) {
    for (const id of next(queue[i]!)) {
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  return seen;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
