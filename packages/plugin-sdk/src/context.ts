import { createHttp, type PluginHttp } from './http.ts';
import { consoleSink, createPluginLogger, type LogEntry, type LogSink, type PluginLogger } from './logger.ts';

/** Where a plugin reads the time; tests pass a fixed one. Same shape as the runtime's `Clock`. */
export interface PluginClock {
  now(): Date;
}

export const systemClock: PluginClock = { now: () => new Date() };

/** What every plugin function receives besides its input. */
export interface PluginContext<C = Record<string, unknown>> {
  /** Stable across retries of the same step: pass it to providers that take one. */
  idempotencyKey: string;
  /** Bound to the plugin and the case step; connection secrets are redacted from what it logs. */
  logger: PluginLogger;
  http: PluginHttp;
  /** The tenant's connection, decrypted and checked against the connection schema. */
  connection: C;
  clock: PluginClock;
  /** Aborted when the call times out or is cancelled; pass it on to anything long. */
  signal: AbortSignal;
}

/** An action's context: the plugin context and which case step is calling. */
export interface ActionContext<C = Record<string, unknown>> extends PluginContext<C> {
  tenantId: string;
  caseId: string;
  nodeId: string;
  /** 1 for the first try. */
  attempt: number;
}

/** A trigger's context: there is no case yet (finding it is what the events are for). */
export type TriggerContext<C = Record<string, unknown>> = PluginContext<C>;

export interface ContextEnvironment {
  clock?: PluginClock;
  logger?: LogSink;
  fetch?: typeof fetch;
  /** Default timeout of `ctx.http` requests. */
  httpTimeoutMs?: number;
}

/** Builds a context whose logger redacts the connection's secret values. */
export function createContext<C extends Record<string, unknown>>(options: {
  environment: ContextEnvironment;
  connection: C;
  /** The connection's secret values, redacted from everything logged. */
  secrets: readonly string[];
  idempotencyKey: string;
  signal: AbortSignal;
  binding: Omit<LogEntry, 'level' | 'message' | 'at' | 'fields'>;
}): PluginContext<C> {
  const clock = options.environment.clock ?? systemClock;
  return {
    idempotencyKey: options.idempotencyKey,
    logger: createPluginLogger({
      sink: options.environment.logger ?? consoleSink,
      binding: options.binding,
      secrets: options.secrets,
      now: () => clock.now(),
    }),
    http: createHttp({
      signal: options.signal,
      ...(options.environment.fetch === undefined ? {} : { fetch: options.environment.fetch }),
      ...(options.environment.httpTimeoutMs === undefined ? {} : { timeoutMs: options.environment.httpTimeoutMs }),
    }),
    connection: options.connection,
    clock,
    signal: options.signal,
  };
}
