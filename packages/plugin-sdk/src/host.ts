import type { PluginCall, PluginHost } from '@touchpoint/runtime';
import type { ContextEnvironment } from './context.ts';
import { PluginError } from './errors.ts';
import { invokeAction } from './invoke-action.ts';
import { invokeTrigger } from './invoke-trigger.ts';
import { loadPlugin, type LoadedPlugin, type PluginLike } from './load.ts';
import type { PluginManifest } from './manifest.ts';
import type { TriggerEvent, WebhookRequest } from './webhook.ts';

export interface PluginHostOptions extends ContextEnvironment {
  /** The installed plugins (definitions, modules or loaded plugins); each is checked by `loadPlugin`. */
  plugins: readonly PluginLike[];
  /** The tenant's decrypted connection for a plugin (see `openConnection`); none means `{}`. */
  connections?: (tenantId: string, pluginId: string) => Promise<Record<string, unknown> | undefined>;
}

export interface WebhookDelivery {
  plugin: string;
  trigger: string;
  request: WebhookRequest;
  /** The decrypted connection of the tenant the webhook URL belongs to. */
  connection?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** The runtime's `PluginHost`, plus webhooks and what is installed. */
export interface SdkPluginHost extends PluginHost {
  invoke(call: PluginCall): Promise<unknown>;
  /** Verifies and parses a webhook into case events. */
  handleWebhook(delivery: WebhookDelivery): Promise<TriggerEvent[]>;
  /** Only checks a request's signature (a provider verifying the webhook URL); false when it does not verify. */
  verifyWebhook(delivery: WebhookDelivery): Promise<boolean>;
  readonly manifests: readonly PluginManifest[];
  get(pluginId: string): LoadedPlugin | undefined;
}

/**
 * Runs installed plugins for the runtime. The runtime adds the timeout (`invokeWithTimeout`);
 * the host honours `call.signal`, checks input, connection and output, and wraps every failure
 * as a coded `PluginError` naming plugin, action and case, so a broken plugin fails its step only.
 *
 * @example
 * const plugins = createPluginHost({
 *   plugins: [sms, stripe],
 *   connections: async (tenantId, pluginId) => openConnection(stripe, await store.connection(tenantId, pluginId), secretKeyFromEnv()),
 * });
 * new Runtime({ db, plugins });
 */
export function createPluginHost(options: PluginHostOptions): SdkPluginHost {
  const installed = new Map<string, LoadedPlugin>();
  for (const candidate of options.plugins) {
    const plugin = loadPlugin(candidate);
    const previous = installed.get(plugin.manifest.id);
    if (previous !== undefined) {
      throw new PluginError({ code: 'TP_PLUGIN_MANIFEST_INVALID', plugin: plugin.manifest.id, detail: `installed twice (versions ${previous.manifest.version} and ${plugin.manifest.version})` });
    }
    installed.set(plugin.manifest.id, plugin);
  }
  const { connections } = options;
  const environment: ContextEnvironment = { clock: options.clock, logger: options.logger, fetch: options.fetch, httpTimeoutMs: options.httpTimeoutMs };

  const find = (id: string, subject: { action: string; caseId?: string }): LoadedPlugin => {
    const plugin = installed.get(id);
    if (plugin !== undefined) return plugin;
    const known = [...installed.keys()];
    throw new PluginError({ code: 'TP_PLUGIN_UNKNOWN', plugin: id, ...subject, detail: `plugin "${id}" is not installed${known.length === 0 ? '' : ` (installed: ${known.join(', ')})`}` });
  };

  return {
    manifests: [...installed.values()].map((plugin) => plugin.manifest),
    get: (id) => installed.get(id),

    async invoke(call) {
      return invokeAction(find(call.plugin, { action: call.action, caseId: call.caseId }), {
        action: call.action,
        input: call.input,
        tenantId: call.tenantId,
        caseId: call.caseId,
        nodeId: call.nodeId,
        attempt: call.attempt,
        idempotencyKey: call.idempotencyKey,
        signal: call.signal,
        connection: () => connections?.(call.tenantId, call.plugin),
        environment,
      });
    },

    async handleWebhook(delivery) {
      return invokeTrigger(find(delivery.plugin, { action: delivery.trigger }), {
        trigger: delivery.trigger,
        request: delivery.request,
        connection: () => delivery.connection,
        environment,
        ...(delivery.signal === undefined ? {} : { signal: delivery.signal }),
      });
    },

    async verifyWebhook(delivery) {
      try {
        await invokeTrigger(find(delivery.plugin, { action: delivery.trigger }), { trigger: delivery.trigger, request: delivery.request, connection: () => delivery.connection, environment, verifyOnly: true });
        return true;
      } catch (error) {
        if (error instanceof PluginError && error.code === 'TP_PLUGIN_SIGNATURE_INVALID') return false;
        throw error;
      }
    },
  };
}
