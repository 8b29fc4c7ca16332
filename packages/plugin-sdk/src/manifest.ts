import { Id } from '@touchpoint/blueprint';
import { z } from 'zod';
import { schemaError } from './ajv.ts';
import { PluginKind, type ElementEditorHints, type PluginEditorHints } from './define.ts';
import type { Problem } from './errors.ts';
import { toJsonSchema, type JsonSchema, type Schema } from './schema.ts';

/**
 * What an installed plugin declares, as JSON: stored with the installation, served to the studio
 * (its forms are generated from these schemas) and given to the blueprint validator.
 */
export interface PluginManifest {
  id: string;
  version: string;
  kind: PluginKind;
  /** JSON Schema of the connection (`type: "object"`); secret fields carry `"x-touchpoint-secret": true`. */
  connection: JsonSchema;
  actions: Record<string, { input: JsonSchema; output: JsonSchema; editor?: ElementEditorHints }>;
  triggers: Record<string, { event?: JsonSchema; editor?: ElementEditorHints }>;
  editor: PluginEditorHints;
}

/** A lowercase slug: `channel-sms`, `payment-stripe`. */
export const PluginId = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'a plugin id is a lowercase slug such as "channel-sms"');

/** Semver 2.0.0 (https://semver.org), e.g. `1.2.0` or `2.0.0-beta.1`. */
export const SemVer = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/,
    'a version is semver, such as "1.2.0"',
  );

const Text = (max: number) => z.strictObject({ 'zh-CN': z.string().min(1).max(max), en: z.string().min(1).max(max) });
const ElementHints = z.strictObject({ label: Text(200), description: Text(2000).optional() });
const PluginHints = z.strictObject({ icon: z.string().min(1).max(2000).optional(), label: Text(200), description: Text(2000).optional() });
const SchemaLike = z.custom<Schema>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected a zod schema or a JSON Schema object');
const Fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function');

/** The parts of a plugin that are not schemas; the schemas are checked by converting and compiling them. */
const PluginShape = z.object({
  id: PluginId,
  version: SemVer,
  kind: PluginKind,
  connection: SchemaLike.optional(),
  actions: z.record(Id, z.object({ input: SchemaLike, output: SchemaLike, run: Fn, editor: ElementHints.optional(), connection: z.unknown().optional() })),
  triggers: z.record(Id, z.object({ verify: Fn, parse: Fn, event: SchemaLike.optional(), editor: ElementHints.optional(), connection: z.unknown().optional() })).optional(),
  editor: PluginHints,
});

/**
 * The manifest of a plugin definition, or every problem that keeps it from being installed:
 * shape (id, semver, kind, action names, editor texts), and every schema converted to JSON Schema
 * and compiled with ajv.
 */
export function buildManifest(plugin: unknown): { manifest: PluginManifest; problems: [] } | { manifest?: undefined; problems: Problem[] } {
  const shape = PluginShape.safeParse(plugin);
  if (!shape.success) return { problems: shape.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  const definition = shape.data;
  const problems: Problem[] = [];

  const schema = (path: string, declared: Schema, io: 'input' | 'output', objectOnly?: string): JsonSchema => {
    let json: JsonSchema;
    try {
      json = toJsonSchema(declared, io);
    } catch (error) {
      problems.push({ path, message: `cannot be represented as JSON Schema: ${(error as Error).message}` });
      return {};
    }
    const refused = schemaError(json);
    if (refused !== undefined) problems.push({ path, message: `is not a valid JSON Schema: ${refused.message}` });
    else if (objectOnly !== undefined && json.type !== 'object') problems.push({ path, message: `must be an object schema (type "object")${objectOnly}` });
    return json;
  };

  const connection = definition.connection === undefined ? { type: 'object', properties: {} } : schema('connection', definition.connection, 'input', '');

  const actions: PluginManifest['actions'] = {};
  for (const [name, action] of Object.entries(definition.actions)) {
    if (action.connection !== undefined && action.connection !== definition.connection) {
      problems.push({ path: `actions.${name}.connection`, message: "is not the plugin's connection schema" });
    }
    actions[name] = {
      input: schema(`actions.${name}.input`, action.input, 'input', ': inputs are named fields'),
      output: schema(`actions.${name}.output`, action.output, 'output'),
      ...(action.editor === undefined ? {} : { editor: action.editor }),
    };
  }

  const triggers: PluginManifest['triggers'] = {};
  for (const [name, trigger] of Object.entries(definition.triggers ?? {})) {
    if (trigger.connection !== undefined && trigger.connection !== definition.connection) {
      problems.push({ path: `triggers.${name}.connection`, message: "is not the plugin's connection schema" });
    }
    triggers[name] = {
      ...(trigger.event === undefined ? {} : { event: schema(`triggers.${name}.event`, trigger.event, 'output') }),
      ...(trigger.editor === undefined ? {} : { editor: trigger.editor }),
    };
  }

  if (problems.length > 0) return { problems };
  const manifest: PluginManifest = { id: definition.id, version: definition.version, kind: definition.kind, connection, actions, triggers, editor: definition.editor };
  return { manifest: deepFreeze(manifest), problems: [] };
}

/** Frozen, so a compiled validator (cached per schema object) always matches its schema. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
