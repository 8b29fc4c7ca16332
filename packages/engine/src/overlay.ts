import type { Node } from '@touchpoint/blueprint';
import type { CompiledBlueprint } from './compile.ts';
import type { CaseState } from './state.ts';

/** How a step runs for this customer once their service products are laid over it. */
export interface EffectiveStep {
  sla?: string;
  queue?: string;
  priority?: number;
  assignee?: string;
}

/**
 * Tier overlays: each active product's overrides for this node, applied in the blueprint's product
 * order, so a later (higher) tier wins where two disagree.
 */
export function effectiveStep(blueprint: CompiledBlueprint, node: Node, state: CaseState): EffectiveStep {
  const step: EffectiveStep = {};
  if (node.sla !== undefined) step.sla = node.sla;
  if (node.kind === 'task') {
    step.queue = node.queue;
    step.priority = node.priority;
  }
  const active = new Set(state.products);
  for (const product of blueprint.products) {
    if (!active.has(product.id)) continue;
    for (const override of product.overrides) {
      if (override.node !== node.id) continue;
      if (override.sla !== undefined) step.sla = override.sla;
      if (override.queue !== undefined) step.queue = override.queue;
      if (override.priority !== undefined) step.priority = override.priority;
      if (override.dedicatedAgent && state.customer.dedicatedAgent !== undefined) step.assignee = state.customer.dedicatedAgent;
    }
  }
  return step;
}
