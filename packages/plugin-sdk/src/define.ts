import { z } from 'zod';
import type { ActionContext, TriggerContext } from './context.ts';
import type { JsonSchema, Schema, SchemaOutput, SchemaResult } from './schema.ts';
import type { TriggerEventInput, WebhookRequest } from './webhook.ts';

/** What a plugin is for; the studio groups plugins by it. */
export const PluginKind = z.enum(['channel', 'crm', 'payment', 'knowledge', 'other']);
export type PluginKind = z.infer<typeof PluginKind>;

/** Text in both UI locales. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** How the studio shows a plugin. */
export interface PluginEditorHints {
  /** An icon name from the studio's icon set, or an https/data URL. */
  icon?: string;
  label: LocalizedText;
  description?: LocalizedText;
}

/** How the studio shows one action or trigger. */
export interface ElementEditorHints {
  label: LocalizedText;
  description?: LocalizedText;
}

/** A connection schema: a zod object, or a JSON Schema of `type: "object"`. */
export type ConnectionSchema = z.ZodObject | JsonSchema;

/** The decrypted connection config a plugin receives as `ctx.connection`. */
export type ConnectionOf<C> = C extends z.ZodType ? z.output<C> : Record<string, unknown>;

/**
 * One action: input and output schemas and `run`, whose parameter and result types follow the
 * schemas. `connection` is only a type link (pass the plugin's connection schema to type
 * `ctx.connection`); the plugin's own `connection` is what is used.
 */
export interface ActionDefinition<I extends Schema = Schema, O extends Schema = Schema, C extends ConnectionSchema = JsonSchema> {
  connection?: C;
  input: I;
  output: O;
  editor?: ElementEditorHints;
  run(ctx: ActionContext<ConnectionOf<C>>, input: SchemaOutput<I>): SchemaResult<O> | Promise<SchemaResult<O>>;
}

/**
 * One webhook trigger. `verify` checks the signature (false or a thrown error refuses the request);
 * `parse` turns the request into case events. `event` optionally declares the events' `data`.
 */
export interface TriggerDefinition<C extends ConnectionSchema = JsonSchema, E extends Schema = Schema> {
  connection?: C;
  event?: E;
  editor?: ElementEditorHints;
  verify(request: WebhookRequest, ctx: TriggerContext<ConnectionOf<C>>): boolean | Promise<boolean>;
  parse(request: WebhookRequest, ctx: TriggerContext<ConnectionOf<C>>): TriggerEventInput | TriggerEventInput[] | Promise<TriggerEventInput | TriggerEventInput[]>;
  /**
   * What the provider must get back once the webhook is accepted, when it insists on something
   * (WeChat: `success`; Twilio: an empty TwiML `<Response/>`). JSON describing the deliveries otherwise.
   */
  reply?: { contentType: string; body: string };
}

// `any` here lets a record hold actions whose schemas differ; each action keeps its own types.
export type AnyAction = ActionDefinition<any, any, any>;
export type AnyTrigger = TriggerDefinition<any, any>;

export interface PluginDefinition<
  C extends ConnectionSchema = ConnectionSchema,
  A extends Record<string, AnyAction> = Record<string, AnyAction>,
  T extends Record<string, AnyTrigger> = Record<string, AnyTrigger>,
> {
  /** A lowercase slug, e.g. `channel-sms`. */
  id: string;
  /** Semver, e.g. `1.2.0`. Blueprints record the major they were published with. */
  version: string;
  kind: PluginKind;
  /** The credentials and settings a tenant enters when connecting the plugin. */
  connection?: C;
  actions: A;
  triggers?: T;
  editor: PluginEditorHints;
}

export type AnyPlugin = PluginDefinition<ConnectionSchema, Record<string, AnyAction>, Record<string, AnyTrigger>>;

/**
 * A plugin, as a plain object. The identity function is there for type inference.
 *
 * @example
 * export default definePlugin({
 *   id: 'channel-sms', version: '1.0.0', kind: 'channel',
 *   connection: Connection,
 *   actions: { send },
 *   editor: { icon: 'message', label: { 'zh-CN': '短信', en: 'SMS' } },
 * });
 */
export function definePlugin<C extends ConnectionSchema, A extends Record<string, AnyAction>, T extends Record<string, AnyTrigger> = Record<never, AnyTrigger>>(
  plugin: PluginDefinition<C, A, T>,
): PluginDefinition<C, A, T> {
  return plugin;
}

/**
 * An action, as a plain object; `run`'s `input` is typed from `input`, its result from `output`.
 *
 * @example
 * const send = defineAction({
 *   connection: Connection,
 *   input: SendInput,
 *   output: z.object({ messageId: z.string() }),
 *   run: async (ctx, input) => ({ messageId: await deliver(ctx.connection.apiKey, input.text) }),
 * });
 */
export function defineAction<I extends Schema, O extends Schema, C extends ConnectionSchema = JsonSchema>(action: ActionDefinition<I, O, C>): ActionDefinition<I, O, C> {
  return action;
}

/** A webhook trigger, as a plain object. */
export function defineTrigger<C extends ConnectionSchema = JsonSchema, E extends Schema = JsonSchema>(trigger: TriggerDefinition<C, E>): TriggerDefinition<C, E> {
  return trigger;
}
