/**
 * @touchpoint/plugin-sdk — write, check, install and run Touchpoint plugins.
 *
 * A plugin is a plain object (`definePlugin`) with zod or JSON Schema inputs and outputs; its
 * manifest (JSON Schema) drives the studio and the blueprint validator; the host runs it for the
 * runtime with every failure coded and named.
 */
export {
  definePlugin,
  defineAction,
  defineTrigger,
  PluginKind,
  type PluginDefinition,
  type ActionDefinition,
  type TriggerDefinition,
  type AnyPlugin,
  type AnyAction,
  type AnyTrigger,
  type ConnectionSchema,
  type ConnectionOf,
  type LocalizedText,
  type PluginEditorHints,
  type ElementEditorHints,
} from './define.ts';
export { secret, secretFields, SECRET_KEYWORD } from './secret.ts';
export { toJsonSchema, isZodSchema, type Schema, type SchemaInput, type SchemaOutput, type SchemaResult, type JsonSchema } from './schema.ts';
export { SendInput } from './channel.ts';
export type { PluginContext, ActionContext, TriggerContext, PluginClock } from './context.ts';
export type { PluginHttp, HttpRequestOptions, HttpExchange } from './http.ts';
export { REDACTED, redactor, consoleSink, type PluginLogger, type LogEntry, type LogSink, type LogLevel } from './logger.ts';
export { PluginError, isPluginError, formatProblems, PLUGIN_ERROR_CODES, type PluginErrorCode, type Problem } from './errors.ts';
export { TriggerEvent, bodyText, bodyJson, header, hmacSha256Hex, safeEqual, type TriggerEventInput, type WebhookRequest } from './webhook.ts';
export { buildManifest, PluginId, SemVer, type PluginManifest } from './manifest.ts';
export { loadPlugin, type LoadedPlugin, type PluginLike } from './load.ts';
export { describePlugin } from './describe.ts';
export { checkValue, type CheckResult } from './check-value.ts';
export { checkConnection } from './connection.ts';
export { sealConnection, openConnection, redactConnection, secretKeyFromEnv, parseSecretKey, SECRET_KEY_ENV, type SealedConnection } from './secrets.ts';
export { createPluginHost, type PluginHostOptions, type SdkPluginHost, type WebhookDelivery } from './host.ts';
export { discoverPlugins, type DiscoveredPlugin, type DiscoveryProblem } from './discover.ts';
export { checkCompatibility, type CompatibilityProblem } from './compatibility.ts';
export { runAction, runTrigger, type RunActionOptions, type HarnessOptions, type TestRequest } from './testing.ts';
export { retryAfterMs } from './retry-after.ts';
