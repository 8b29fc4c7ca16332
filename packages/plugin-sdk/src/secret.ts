import type { z } from 'zod';
import type { JsonSchema } from './schema.ts';

/** The JSON Schema keyword that marks a connection field as a credential. */
export const SECRET_KEYWORD = 'x-touchpoint-secret';

/**
 * Marks a connection field as a secret: it is stored encrypted, never logged and never returned
 * by the API. The generated JSON Schema carries `"x-touchpoint-secret": true` and `writeOnly: true`
 * (a JavaScript plugin writes those two keys itself).
 *
 * @example
 * connection: z.object({ apiKey: secret(z.string().min(1)), region: z.enum(['cn', 'eu']) })
 */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [SECRET_KEYWORD]: true, writeOnly: true });
}

/** The names of a connection's secret fields, read from its JSON Schema (top-level properties). */
export function secretFields(connection: JsonSchema): string[] {
  const properties = connection.properties;
  if (typeof properties !== 'object' || properties === null) return [];
  return Object.entries(properties as Record<string, unknown>)
    .filter(([, property]) => typeof property === 'object' && property !== null && (property as Record<string, unknown>)[SECRET_KEYWORD] === true)
    .map(([name]) => name);
}
