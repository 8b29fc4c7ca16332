import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './context.ts';

/** One ajv for plugin and form schemas; compiled validators are cached per schema object. */
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const compiled = new WeakMap<object, ValidateFunction | Error>();

export function compileSchema(schema: JsonSchema): ValidateFunction | Error {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    try {
      validator = ajv.compile(schema);
    } catch (error) {
      validator = error instanceof Error ? error : new Error(String(error));
    }
    compiled.set(schema, validator);
  }
  return validator;
}

/** `/a/0/b` → `['a', 0, 'b']`, for problem paths. */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export type { ErrorObject };

/**
 * Checks a value against a JSON Schema (a task form, a plugin input) and gives every failure with
 * a path, e.g. `amountDue: must be >= 0`. An invalid schema is itself one failure.
 */
export function checkAgainstSchema(schema: JsonSchema, value: unknown): Array<{ path: string; message: string }> {
  const validate = compileSchema(schema);
  if (validate instanceof Error) return [{ path: '', message: `invalid schema: ${validate.message}` }];
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const segments = pointerSegments(error.instancePath);
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    return { path: segments.join('.'), message: error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid') };
  });
}
