import { createContext, type ActionContext, type ContextEnvironment } from './context.ts';
import { PluginError } from './errors.ts';
import { expectValid, resolveConnection, untilAborted, wrapFailure, type Subject } from './guard.ts';
import { actionSchema, type LoadedPlugin } from './load.ts';

export interface ActionInvocation {
  action: string;
  input: unknown;
  tenantId: string;
  caseId: string;
  nodeId: string;
  attempt: number;
  idempotencyKey: string;
  signal: AbortSignal;
  /** Loads the tenant's decrypted connection. */
  connection: () => unknown;
  environment: ContextEnvironment;
}

/**
 * One action call, guarded on every side: the input is checked against the action's schema, the
 * connection against the connection schema, whatever `run` throws is wrapped, the output is
 * checked against the output schema; each failure is a coded `PluginError` naming plugin, action
 * and case. The host and the test harness both call this, so tests see what production sees.
 */
export async function invokeAction(plugin: LoadedPlugin, call: ActionInvocation): Promise<unknown> {
  const subject: Subject = { plugin: plugin.manifest.id, action: call.action, caseId: call.caseId };
  const action = Object.hasOwn(plugin.definition.actions, call.action) ? plugin.definition.actions[call.action] : undefined;
  if (action === undefined) {
    const known = Object.keys(plugin.definition.actions);
    throw new PluginError({ code: 'TP_PLUGIN_UNKNOWN', ...subject, detail: `plugin "${subject.plugin}" has no action "${call.action}"${known.length === 0 ? '' : ` (it has: ${known.join(', ')})`}` });
  }
  const input = await expectValid(actionSchema(plugin, call.action, 'input'), call.input, 'TP_PLUGIN_INPUT_INVALID', subject, "the input does not match the action's input schema");
  const { connection, secrets } = await resolveConnection(plugin, call.connection, subject);
  const ctx: ActionContext = {
    ...createContext({
      environment: call.environment,
      connection,
      secrets,
      idempotencyKey: call.idempotencyKey,
      signal: call.signal,
      binding: { plugin: subject.plugin, action: call.action, tenantId: call.tenantId, caseId: call.caseId, nodeId: call.nodeId },
    }),
    tenantId: call.tenantId,
    caseId: call.caseId,
    nodeId: call.nodeId,
    attempt: call.attempt,
  };
  let output: unknown;
  try {
    output = await untilAborted(() => action.run(ctx, input), call.signal, subject);
  } catch (error) {
    if (call.signal.aborted) throw error; // already the coded TP_PLUGIN_ABORTED from untilAborted
    throw wrapFailure(error, 'TP_PLUGIN_FAILED', subject, secrets);
  }
  return expectValid(actionSchema(plugin, call.action, 'output'), output, 'TP_PLUGIN_OUTPUT_INVALID', subject, "the output does not match the action's output schema");
}
