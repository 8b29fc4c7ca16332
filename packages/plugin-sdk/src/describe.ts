import type { PluginDescriptor } from '@touchpoint/blueprint';
import { manifestOf, type ManifestSource } from './manifest-source.ts';

/**
 * What the blueprint validator needs to know about an installed plugin.
 *
 * @example
 * validateBlueprint(doc, { plugins: installed.map(describePlugin) });
 */
export function describePlugin(plugin: ManifestSource): PluginDescriptor {
  const manifest = manifestOf(plugin);
  return {
    id: manifest.id,
    version: manifest.version,
    actions: Object.fromEntries(Object.entries(manifest.actions).map(([name, action]) => [name, { input: action.input, output: action.output }])),
    triggers: Object.fromEntries(Object.entries(manifest.triggers).map(([name, trigger]) => [name, trigger.event === undefined ? {} : { event: trigger.event }])),
  };
}
