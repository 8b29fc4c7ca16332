import type { PluginManifest } from './manifest.ts';

export interface CompatibilityProblem {
  code: 'TP_PLUGIN_NOT_INSTALLED' | 'TP_PLUGIN_VERSION';
  plugin: string;
  message: string;
}

/**
 * Whether the installed plugins can run a blueprint: each plugin it was published with is
 * installed at the same major version (a major version change may break it).
 *
 * @example
 * checkCompatibility(blueprint.plugins ?? {}, host.manifests);
 * // [{ code: 'TP_PLUGIN_VERSION', plugin: 'payment-stripe', message: 'the blueprint was published with payment-stripe 1.x, but 2.0.0 is installed; …' }]
 */
export function checkCompatibility(
  blueprintPlugins: Readonly<Record<string, string | number>>,
  installed: ReadonlyArray<Pick<PluginManifest, 'id' | 'version'>>,
): CompatibilityProblem[] {
  const byId = new Map(installed.map((manifest) => [manifest.id, manifest]));
  const problems: CompatibilityProblem[] = [];
  for (const [plugin, major] of Object.entries(blueprintPlugins)) {
    const manifest = byId.get(plugin);
    if (manifest === undefined) {
      problems.push({ code: 'TP_PLUGIN_NOT_INSTALLED', plugin, message: `the blueprint uses ${plugin} ${major}.x, which is not installed` });
    } else if (manifest.version.split('.')[0] !== String(major)) {
      problems.push({
        code: 'TP_PLUGIN_VERSION',
        plugin,
        message: `the blueprint was published with ${plugin} ${major}.x, but ${manifest.version} is installed; a major version change may break it`,
      });
    }
  }
  return problems;
}
