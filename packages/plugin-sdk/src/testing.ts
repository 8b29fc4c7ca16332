import type { PluginClock } from './context.ts';
import type { AnyPlugin } from './define.ts';
import { invokeAction } from './invoke-action.ts';
import { invokeTrigger } from './invoke-trigger.ts';
import { loadPlugin } from './load.ts';
import type { LogSink } from './logger.ts';
import type { SchemaInput, SchemaOutput } from './schema.ts';
import type { TriggerEvent, WebhookRequest } from './webhook.ts';

type ConnectionInput<P extends AnyPlugin> = SchemaInput<NonNullable<P['connection']>>;

export interface HarnessOptions<P extends AnyPlugin> {
  connection?: ConnectionInput<P>;
  clock?: PluginClock;
  /** Stands in for the network: `ctx.http` calls it instead of the global fetch. */
  fetch?: typeof fetch;
  /** Receives what the plugin logs (already redacted). Silent by default. */
  logger?: LogSink;
  signal?: AbortSignal;
}

export interface RunActionOptions<P extends AnyPlugin> extends HarnessOptions<P> {
  idempotencyKey?: string;
  tenantId?: string;
  caseId?: string;
  nodeId?: string;
  attempt?: number;
}

const silent: LogSink = () => undefined;

/**
 * Runs one action in-process with the same checks as the host (install-time checks, input,
 * connection, output, coded errors), for plugin tests. Types follow the action's schemas.
 *
 * @example
 * const out = await runAction(sms, 'send', { to: '+8613800000000', text: '您好', locale: 'zh-CN', template: 'ack' }, {
 *   connection: { apiKey: 'test-key' },
 *   fetch: async () => Response.json({ id: 'm-1' }),
 * });
 */
export async function runAction<P extends AnyPlugin, K extends keyof P['actions'] & string>(
  plugin: P,
  action: K,
  input: SchemaInput<P['actions'][K]['input']>,
  options: RunActionOptions<P> = {},
): Promise<SchemaOutput<P['actions'][K]['output']>> {
  const caseId = options.caseId ?? 'test-case';
  const nodeId = options.nodeId ?? 'test-node';
  const output = await invokeAction(loadPlugin(plugin), {
    action,
    input,
    tenantId: options.tenantId ?? 'test-tenant',
    caseId,
    nodeId,
    attempt: options.attempt ?? 1,
    idempotencyKey: options.idempotencyKey ?? `${caseId}/${nodeId}/1/${action}`,
    signal: options.signal ?? new AbortController().signal,
    connection: () => options.connection,
    environment: { clock: options.clock, fetch: options.fetch, logger: options.logger ?? silent },
  });
  return output as SchemaOutput<P['actions'][K]['output']>;
}

/** A webhook for `runTrigger`: only the body is required. */
export interface TestRequest {
  body: string | Uint8Array;
  headers?: WebhookRequest['headers'];
  method?: string;
  url?: string;
}

/**
 * Delivers one webhook in-process: verify, parse, event checks, as `handleWebhook` does.
 *
 * @example
 * const events = await runTrigger(sms, 'inbound', { body, headers: { 'x-signature': sign(body) } }, { connection });
 */
export async function runTrigger<P extends AnyPlugin>(
  plugin: P,
  trigger: keyof NonNullable<P['triggers']> & string,
  request: TestRequest,
  options: HarnessOptions<P> = {},
): Promise<TriggerEvent[]> {
  return invokeTrigger(loadPlugin(plugin), {
    trigger,
    request: { method: request.method ?? 'POST', url: request.url ?? 'https://touchpoint.test/webhooks', headers: request.headers ?? {}, body: request.body },
    connection: () => options.connection,
    environment: { clock: options.clock, fetch: options.fetch, logger: options.logger ?? silent },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
