import { loadPlugin, type PluginLike } from './load.ts';
import type { PluginManifest } from './manifest.ts';

/** Where a manifest can come from: a plugin (loaded on the way) or a stored manifest. */
export type ManifestSource = PluginLike | PluginManifest;

export function manifestOf(source: ManifestSource): PluginManifest {
  return isManifest(source) ? source : loadPlugin(source).manifest;
}

/** A manifest holds JSON Schemas where a definition holds functions (`run`, `verify`, `parse`). */
export function isManifest(value: unknown): value is PluginManifest {
  if (typeof value !== 'object' || value === null || 'definition' in value || 'default' in value) return false;
  const { actions, triggers, connection } = value as Partial<Record<'actions' | 'triggers' | 'connection', unknown>>;
  if (typeof actions !== 'object' || actions === null || typeof triggers !== 'object' || triggers === null) return false;
  if (typeof connection !== 'object' || connection === null || '_zod' in connection) return false;
  const hasCode = (record: object, name: string) => Object.values(record).some((item) => typeof (item as Record<string, unknown> | null)?.[name] === 'function');
  return !hasCode(actions, 'run') && !hasCode(triggers, 'verify') && !hasCode(triggers, 'parse');
}
