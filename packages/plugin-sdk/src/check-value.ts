import { checkWithAjv, compileSchema } from './ajv.ts';
import type { Problem } from './errors.ts';
import { isZodSchema, type Schema } from './schema.ts';

export type CheckResult = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/**
 * Checks a value against a declared schema: zod schemas parse it (defaults and transforms apply,
 * unknown keys of plain objects are dropped); JSON Schemas are checked with ajv on a copy, with
 * `default`s filled in. Problems have dotted paths, as in `checkAgainstSchema` of the blueprint package.
 */
export async function checkValue(schema: Schema, value: unknown): Promise<CheckResult> {
  if (isZodSchema(schema)) {
    const result = await schema.safeParseAsync(value);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  const validate = compileSchema(schema);
  if (validate instanceof Error) return { ok: false, problems: [{ path: '', message: `the schema is invalid: ${validate.message}` }] };
  return checkWithAjv(validate, value);
}
