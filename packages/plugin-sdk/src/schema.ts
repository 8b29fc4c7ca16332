import type { JsonSchema } from '@touchpoint/blueprint';
import { z } from 'zod';

export type { JsonSchema };

/**
 * A schema a plugin declares: a zod schema (TypeScript plugins) or a JSON Schema object, draft
 * 2020-12 (plain JavaScript plugins). Either way the manifest carries JSON Schema.
 */
export type Schema = z.ZodType | JsonSchema;

/** What a value must look like before the schema checks it (what a caller passes). */
export type SchemaInput<S> = S extends z.ZodType ? z.input<S> : Record<string, unknown>;

/** What a value looks like after the schema checks it (what `run` receives). */
export type SchemaOutput<S> = S extends z.ZodType ? z.output<S> : Record<string, unknown>;

/** What a value may be before an output schema checks it (what `run` returns). */
export type SchemaResult<S> = S extends z.ZodType ? z.input<S> : unknown;

export function isZodSchema(schema: unknown): schema is z.ZodType {
  return schema instanceof z.ZodType || (typeof schema === 'object' && schema !== null && '_zod' in schema);
}

/**
 * JSON Schema (draft 2020-12) for a declared schema. Zod schemas are converted with
 * `z.toJSONSchema`: `io: 'input'` for what callers send, `'output'` for what the plugin returns.
 * JSON Schemas are copied, so a manifest never shares objects with the plugin module.
 */
export function toJsonSchema(schema: Schema, io: 'input' | 'output'): JsonSchema {
  if (isZodSchema(schema)) return z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
  return structuredClone(schema);
}
