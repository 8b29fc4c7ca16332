import { createHash } from 'node:crypto';
import { createContext, type ContextEnvironment, type TriggerContext } from './context.ts';
import { PluginError, type Problem } from './errors.ts';
import { expectValid, invalid, resolveConnection, untilAborted, wrapFailure, type Subject } from './guard.ts';
import { triggerEventSchema, type LoadedPlugin } from './load.ts';
import { TriggerEvent, type WebhookRequest } from './webhook.ts';

export interface TriggerInvocation {
  trigger: string;
  request: WebhookRequest;
  /** The tenant's decrypted connection (its signing secret, typically). */
  connection: () => unknown;
  environment: ContextEnvironment;
  signal?: AbortSignal;
  /** Stop after `verify` (a provider's ownership check of the URL, which has no events). */
  verifyOnly?: boolean;
}

/**
 * One webhook: `verify` (false → `TP_PLUGIN_SIGNATURE_INVALID`), then `parse` (a throw →
 * `TP_PLUGIN_PAYLOAD_INVALID`), then each event checked (`TP_PLUGIN_OUTPUT_INVALID`). A
 * `PluginError` the trigger throws keeps its code and gains the plugin and trigger names.
 */
export async function invokeTrigger(plugin: LoadedPlugin, call: TriggerInvocation): Promise<TriggerEvent[]> {
  const subject: Subject = { plugin: plugin.manifest.id, action: call.trigger };
  const triggers = plugin.definition.triggers ?? {};
  const trigger = Object.hasOwn(triggers, call.trigger) ? triggers[call.trigger] : undefined;
  if (trigger === undefined) {
    const known = Object.keys(triggers);
    throw new PluginError({ code: 'TP_PLUGIN_UNKNOWN', ...subject, detail: `plugin "${subject.plugin}" has no trigger "${call.trigger}"${known.length === 0 ? '' : ` (it has: ${known.join(', ')})`}` });
  }
  const { connection, secrets } = await resolveConnection(plugin, call.connection, subject);
  const request = normalize(call.request);
  const signal = call.signal ?? new AbortController().signal;
  const ctx: TriggerContext = createContext({
    environment: call.environment,
    connection,
    secrets,
    idempotencyKey: `webhook:${subject.plugin}:${call.trigger}:${createHash('sha256').update(request.body).digest('hex').slice(0, 32)}`,
    signal,
    binding: { plugin: subject.plugin, trigger: call.trigger },
  });
  const guarded = async <T>(work: () => T | Promise<T>, fallback: 'TP_PLUGIN_FAILED' | 'TP_PLUGIN_PAYLOAD_INVALID'): Promise<T> => {
    try {
      return await untilAborted(work, signal, subject);
    } catch (error) {
      if (signal.aborted) throw error;
      throw wrapFailure(error, error instanceof PluginError ? error.code : fallback, subject, secrets);
    }
  };

  const verified = await guarded(() => trigger.verify(request, ctx), 'TP_PLUGIN_FAILED');
  if (verified !== true) throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', ...subject, detail: 'the webhook signature does not verify' });
  if (call.verifyOnly) return [];

  const parsed = await guarded(() => trigger.parse(request, ctx), 'TP_PLUGIN_PAYLOAD_INVALID');
  const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const dataSchema = triggerEventSchema(plugin, call.trigger);
  const events: TriggerEvent[] = [];
  const problems: Problem[] = [];
  for (const [index, raw] of list.entries()) {
    const event = TriggerEvent.safeParse(raw);
    if (!event.success) {
      problems.push(...event.error.issues.map((issue) => ({ path: [index, ...issue.path].map(String).join('.'), message: issue.message })));
      continue;
    }
    if (dataSchema !== undefined) {
      try {
        event.data.data = (await expectValid(dataSchema, event.data.data, 'TP_PLUGIN_OUTPUT_INVALID', subject, 'event data')) as Record<string, unknown>;
      } catch (error) {
        problems.push(...(error as PluginError).problems.map((problem) => ({ path: [index, 'data', problem.path].filter((part) => part !== '').join('.'), message: problem.message })));
        continue;
      }
    }
    events.push(event.data);
  }
  if (problems.length > 0) throw invalid('TP_PLUGIN_OUTPUT_INVALID', subject, "the trigger's events are malformed", problems);
  return events;
}

/** Lowercase header names, so that triggers can read `headers['x-signature']` whatever the server sent. */
function normalize(request: WebhookRequest): WebhookRequest {
  const headers: WebhookRequest['headers'] = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { ...request, method: request.method.toUpperCase(), headers };
}
