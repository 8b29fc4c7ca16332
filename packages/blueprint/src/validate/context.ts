/** A JSON Schema object, as plugins declare their inputs and outputs. */
export type JsonSchema = Record<string, unknown>;

/** What the validator needs to know about one installed plugin. */
export interface PluginDescriptor {
  id: string;
  /** Semver; its major must match the one the blueprint records in `plugins`. */
  version: string;
  actions: Record<string, { input: JsonSchema; output?: JsonSchema }>;
  triggers?: Record<string, { event?: JsonSchema }>;
}

export interface ValidationContext {
  /** The tenant's installed plugins. Without it, plugin references are not checked. */
  plugins?: readonly PluginDescriptor[];
  /** Other blueprints by id, for subjourney references. Without it, those are not checked. */
  blueprints?: ReadonlyMap<string, { nodes?: unknown }> | Readonly<Record<string, { nodes?: unknown }>>;
}
