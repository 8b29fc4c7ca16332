import type { AnyPlugin } from './define.ts';
import { formatProblems, PluginError } from './errors.ts';
import { buildManifest, type PluginManifest } from './manifest.ts';
import { isZodSchema, type Schema } from './schema.ts';

/** A plugin that passed the install-time checks, with its manifest. */
export interface LoadedPlugin {
  readonly definition: AnyPlugin;
  readonly manifest: PluginManifest;
}

/** A plugin definition, a module whose default export is one, or an already loaded plugin. */
export type PluginLike = AnyPlugin | LoadedPlugin | { default: unknown };

const loaded = new WeakMap<object, LoadedPlugin>();

/**
 * Checks a plugin before it is installed or run, and builds its manifest: id, version and kind
 * are valid, action and trigger names are ids, every schema converts to JSON Schema and compiles
 * with ajv. Refused with `TP_PLUGIN_MANIFEST_INVALID` listing every problem.
 *
 * @example
 * const { manifest } = loadPlugin(await import('@acme/touchpoint-channel-sms'));
 */
export function loadPlugin(moduleOrObject: unknown): LoadedPlugin {
  if (isLoadedPlugin(moduleOrObject)) return moduleOrObject;
  const definition = unwrapModule(moduleOrObject);
  if (typeof definition !== 'object' || definition === null) {
    throw new PluginError({ code: 'TP_PLUGIN_MANIFEST_INVALID', detail: 'a plugin module must export a plugin object (definePlugin) as its default export' });
  }
  const cached = loaded.get(definition);
  if (cached !== undefined) return cached;
  const { manifest, problems } = buildManifest(definition);
  if (manifest === undefined) {
    const id = (definition as { id?: unknown }).id;
    throw new PluginError({
      code: 'TP_PLUGIN_MANIFEST_INVALID',
      ...(typeof id === 'string' ? { plugin: id } : {}),
      detail: `cannot be installed: ${formatProblems(problems)}`,
      problems,
    });
  }
  const result: LoadedPlugin = Object.freeze({ definition: definition as AnyPlugin, manifest });
  loaded.set(definition, result);
  return result;
}

function isLoadedPlugin(value: unknown): value is LoadedPlugin {
  if (typeof value !== 'object' || value === null || !('definition' in value) || !('manifest' in value)) return false;
  const { definition, manifest } = value as LoadedPlugin;
  // Only what loadPlugin produced (or a copy with extra fields, as discovery makes) counts as checked.
  return typeof definition === 'object' && definition !== null && loaded.get(definition)?.manifest === manifest;
}

function unwrapModule(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !('id' in value) && 'default' in value) return unwrapModule((value as { default: unknown }).default);
  return value;
}

/**
 * The schema to check an action's input or output with: the zod schema when there is one (it
 * applies defaults and types the value), else the manifest's JSON Schema, compiled at load.
 */
export function actionSchema(plugin: LoadedPlugin, action: string, which: 'input' | 'output'): Schema {
  const declared = plugin.definition.actions[action]![which];
  return isZodSchema(declared) ? declared : plugin.manifest.actions[action]![which];
}

export function connectionSchema(plugin: LoadedPlugin): Schema {
  const declared = plugin.definition.connection;
  return declared !== undefined && isZodSchema(declared) ? declared : plugin.manifest.connection;
}

export function triggerEventSchema(plugin: LoadedPlugin, trigger: string): Schema | undefined {
  const declared = plugin.definition.triggers?.[trigger]?.event;
  if (declared === undefined) return undefined;
  return isZodSchema(declared) ? declared : plugin.manifest.triggers[trigger]!.event;
}
