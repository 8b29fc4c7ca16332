import { durationMs, type NodeOf } from '@touchpoint/blueprint';
import { ExpressionError } from '@touchpoint/blueprint';
import { NEXT, WAITING } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';
import { isResultOf } from './send.ts';
import { computeInput } from './touchpoint.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Calls a plugin action (the runtime retries it); its output can be stored in the case data. */
export const action: NodeBehaviour<NodeOf<'action'>> = {
  enter(run, node) {
    let input: Record<string, unknown>;
    try {
      input = computeInput(run, node.input);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      run.park(`the input of "${node.id}" could not be computed: ${error.message}`);
      return WAITING;
    }
    const key = run.key('call');
    run.emit({
      type: 'call',
      key,
      nodeId: node.id,
      plugin: node.plugin,
      action: node.action,
      input,
      retry: { maxAttempts: node.retry?.maxAttempts ?? 5, backoffMs: durationMs(node.retry?.backoff ?? '2s') },
      timeoutMs: node.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs(node.timeout),
    });
    return run.wait({ kind: 'effect', key });
  },
  on(run, node, event) {
    if (!isResultOf(run, event)) return undefined;
    delete run.state.position!.pending;
    if (event.type === 'effect.failed') {
      run.log('action.failed', { plugin: node.plugin, action: node.action, error: event.error, attempts: event.attempts });
      return { done: true, via: 'error' };
    }
    if (node.output !== undefined) run.state.data[node.output] = event.output ?? null;
    run.log('action.succeeded', { plugin: node.plugin, action: node.action });
    return NEXT;
  },
};
