/** What the runtime hands a plugin action: everything it needs, and nothing of the runtime. */
export interface PluginCall {
  tenantId: string;
  caseId: string;
  nodeId: string;
  plugin: string;
  action: string;
  input: Record<string, unknown>;
  /** Stable across retries (`case/node/visit/what`): providers that honour it see the call once. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the call passes its timeout. */
  signal: AbortSignal;
}

/** Runs plugin actions. The plugin SDK provides the real one; tests may pass a function. */
export interface PluginHost {
  invoke(call: PluginCall): Promise<unknown>;
}

/** Why a plugin call failed, worded for the person who reads the parked case. */
export class PluginCallError extends Error {
  override name = 'PluginCallError';
  constructor(
    readonly code: `TP_PLUGIN_${string}`,
    call: Pick<PluginCall, 'plugin' | 'action' | 'caseId'>,
    detail: string,
  ) {
    super(`${code}: ${call.plugin}.${call.action} for case ${call.caseId}: ${detail}`);
  }
}

/**
 * Calls the host with a timeout. A plugin that throws or hangs fails this call with a coded error
 * naming plugin, action and case; it never takes the worker down with it.
 */
export async function invokeWithTimeout(host: PluginHost, call: Omit<PluginCall, 'signal'>, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new PluginCallError('TP_PLUGIN_TIMEOUT', call, `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => host.invoke({ ...call, signal: controller.signal })), timeout]);
  } catch (error) {
    if (error instanceof PluginCallError) throw error;
    // A plugin host that already says what went wrong, with a TP_PLUGIN_ code, is passed on as it is.
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof Error && typeof code === 'string' && code.startsWith('TP_PLUGIN_')) throw error;
    throw new PluginCallError('TP_PLUGIN_FAILED', call, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** What a failed call says about trying again: never (a permanent failure), or not before a delay. */
export function retryAdvice(error: unknown): { permanent: boolean; retryAfterMs?: number } {
  const e = (error ?? {}) as { code?: unknown; status?: unknown; permanent?: unknown; retryAfterMs?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const permanent =
    e.permanent === true ||
    PERMANENT_CODES.has(String(e.code)) ||
    (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 425 && status !== 429);
  const advice: { permanent: boolean; retryAfterMs?: number } = { permanent };
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs > 0) advice.retryAfterMs = e.retryAfterMs;
  return advice;
}

/** Failures no retry can mend: the plugin or action is missing, or the input or connection is wrong. */
const PERMANENT_CODES = new Set(['TP_PLUGIN_UNKNOWN', 'TP_PLUGIN_INPUT_INVALID', 'TP_PLUGIN_CONNECTION_INVALID']);
