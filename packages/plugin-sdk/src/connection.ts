import { checkWithAjv, compileSchema } from './ajv.ts';
import type { Problem } from './errors.ts';
import { manifestOf, type ManifestSource } from './manifest-source.ts';

/**
 * Checks a connection config against the plugin's connection JSON Schema with ajv, as the server
 * does when a tenant saves one: every problem with its path, e.g. `apiKey: is required`.
 * Messages never repeat the value (it may be a secret).
 */
export function checkConnection(plugin: ManifestSource, config: unknown): Problem[] {
  const validate = compileSchema(manifestOf(plugin).connection);
  if (validate instanceof Error) return [{ path: '', message: `the connection schema is invalid: ${validate.message}` }];
  const result = checkWithAjv(validate, config);
  return result.ok ? [] : result.problems;
}
