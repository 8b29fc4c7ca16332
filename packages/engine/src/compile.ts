import {
  compileExpression,
  validateBlueprint,
  type Blueprint,
  type BusinessCalendar,
  type CompiledExpression,
  type Edge,
  type ExpectedType,
  type MessageTemplate,
  type Node,
  type Problem,
  type ServiceProduct,
  type SlaPolicy,
} from '@touchpoint/blueprint';
import { milestonesOf, type Milestone } from './sla.ts';

/** A blueprint made ready to run: lookups by id and expressions compiled once. */
export interface CompiledBlueprint {
  readonly doc: Blueprint;
  readonly nodes: ReadonlyMap<string, Node>;
  /** Outgoing edges per node, in document order (the order decisions try them). */
  readonly outgoing: ReadonlyMap<string, readonly Edge[]>;
  readonly policies: ReadonlyMap<string, { policy: SlaPolicy; milestones: Milestone[] }>;
  readonly calendars: ReadonlyMap<string, BusinessCalendar>;
  readonly templates: ReadonlyMap<string, MessageTemplate>;
  readonly products: readonly ServiceProduct[];
  readonly firstTrigger: string;
  /** A compiled expression, from a cache filled at compile time. */
  expression(source: string, expected?: ExpectedType): CompiledExpression;
}

export class BlueprintNotRunnableError extends Error {
  override name = 'BlueprintNotRunnableError';
  constructor(readonly problems: Problem[]) {
    super(`the blueprint has ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/** Validates and prepares a blueprint; throws `BlueprintNotRunnableError` listing its problems. */
export function compileBlueprint(input: unknown): CompiledBlueprint {
  const result = validateBlueprint(input);
  if (!result.ok || !result.blueprint) throw new BlueprintNotRunnableError(result.problems);
  const doc = result.blueprint;

  const outgoing = new Map<string, Edge[]>();
  for (const edge of doc.edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  const expressions = new Map<string, CompiledExpression>();
  const expression = (source: string, expected: ExpectedType = 'any') => {
    const key = `${expected}\u0000${source}`;
    let compiled = expressions.get(key);
    if (!compiled) expressions.set(key, (compiled = compileExpression(source, expected)));
    return compiled;
  };
  for (const edge of doc.edges) if (edge.condition !== undefined) expression(edge.condition, 'bool');

  const trigger = doc.nodes.find((node) => node.kind === 'trigger');
  if (!trigger) throw new BlueprintNotRunnableError([{ code: 'TP_BLUEPRINT_NO_TRIGGER', path: 'nodes', message: 'no trigger' }]);
  return {
    doc,
    nodes: new Map(doc.nodes.map((node) => [node.id, node])),
    outgoing,
    policies: new Map(doc.slaPolicies.map((policy) => [policy.id, { policy, milestones: milestonesOf(policy) }])),
    calendars: new Map(doc.calendars.map((calendar) => [calendar.id, calendar])),
    templates: new Map(doc.templates.map((template) => [template.id, template])),
    products: doc.products,
    firstTrigger: trigger.id,
    expression,
  };
}
