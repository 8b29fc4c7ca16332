import { ExpressionValue, type NodeOf } from '@touchpoint/blueprint';
import { NEXT, type Run } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';
import { channelOf, isResultOf, sendMessage } from './send.ts';

/** Sends a message on a channel and goes on once the channel plugin accepted it. */
export const touchpoint: NodeBehaviour<NodeOf<'touchpoint'>> = {
  enter(run, node) {
    const extra = computeInput(run, node.input ?? {});
    if (node.to !== undefined) extra.to = String(run.blueprint.expression(node.to).evaluate(run.scope()));
    return run.wait({ kind: 'effect', key: sendMessage(run, node, node.action, extra) });
  },
  on(run, node, event) {
    if (!isResultOf(run, event)) return undefined;
    delete run.state.position!.pending;
    if (event.type === 'effect.failed') {
      run.log('touchpoint.failed', { channel: channelOf(run, node), error: event.error });
      return { done: true, via: 'error' };
    }
    run.log('touchpoint.sent', { channel: channelOf(run, node), template: node.template });
    run.responded();
    return NEXT;
  },
};

/** Literal inputs as they are; `{ "$expr": … }` values computed from the case. */
export function computeInput(run: Run, input: Record<string, unknown>): Record<string, unknown> {
  const scope = run.scope();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const expr = ExpressionValue.safeParse(value);
    out[key] = expr.success ? run.blueprint.expression(expr.data.$expr).evaluate(scope) : value;
  }
  return out;
}
