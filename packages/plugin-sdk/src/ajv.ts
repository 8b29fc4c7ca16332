import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Problem } from './errors.ts';
import type { JsonSchema } from './schema.ts';
import { SECRET_KEYWORD } from './secret.ts';

const ZOD_FORMATS = [
  'base64', 'base64url', 'binary', 'cidrv4', 'cidrv6', 'credit_card', 'cuid', 'cuid2', 'e164', 'emoji', 'ends_with', 'float32',
  'float64', 'iban', 'includes', 'json-string', 'jwt', 'ksuid', 'lowercase', 'mac', 'nanoid', 'safeint', 'starts_with', 'uint32',
  'uint64', 'ulid', 'uppercase', 'xid',
  ...['md5', 'sha1', 'sha256', 'sha384', 'sha512'].flatMap((hash) => ['hex', 'base64', 'base64url'].map((encoding) => `${hash}_${encoding}`)),
];

function createAjv(options: { strict: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    allowUnionTypes: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Two plugins may reuse a $id; each schema stands alone.
    addUsedSchema: false,
    ...(options.strict ? { strictSchema: true } : { strictSchema: false, useDefaults: true, logger: false }),
  });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: SECRET_KEYWORD, metaSchema: { type: 'boolean' } });
  for (const format of ZOD_FORMATS) if (!ajv.formats[format]) ajv.addFormat(format, true);
  return ajv;
}

/**
 * Two ajv instances. The install-time one is strict, so that a typo in a hand-written schema
 * (`"requried"`, `"type": "strin"`) refuses the plugin instead of accepting anything; vendor
 * keywords (`x-…`) are allowed, and so are the formats zod emits beyond the standard ones (zod also
 * emits a `pattern` for most of them, which ajv checks). The call-time one checks values of schemas
 * that passed, and fills in `default`s as zod does (strict mode would refuse a `default` inside
 * `anyOf`, which zod emits for unions).
 */
const installAjv = createAjv({ strict: true });
const callAjv = createAjv({ strict: false });

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
const checked = new WeakMap<object, Error | null>();
const compiled = new WeakMap<object, ValidateFunction | Error>();

/** The install-time check (cached per schema object): why a schema is refused, or undefined. */
export function schemaError(schema: JsonSchema): Error | undefined {
  let result = checked.get(schema);
  if (result === undefined) {
    const outcome = compileWith(installAjv, schema, true);
    result = outcome instanceof Error ? outcome : null;
    checked.set(schema, result);
  }
  return result ?? undefined;
}

/**
 * A validator for checking values (cached per schema object): the install-time check first, so a
 * schema that would be refused at install is refused here too.
 */
export function compileSchema(schema: JsonSchema): ValidateFunction | Error {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    validator = schemaError(schema) ?? compileWith(callAjv, schema, false);
    compiled.set(schema, validator);
  }
  return validator;
}

function compileWith(ajv: Ajv2020, schema: JsonSchema, registerVendorKeywords: boolean): ValidateFunction | Error {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return new Error('a schema must be a JSON Schema object');
  const declared = schema.$schema;
  if (declared !== undefined && String(declared).replace(/#$/, '') !== DRAFT_2020) {
    return new Error(`it declares "$schema": ${JSON.stringify(declared)}, but plugin schemas are JSON Schema draft 2020-12 (${DRAFT_2020})`);
  }
  try {
    if (registerVendorKeywords) for (const keyword of vendorKeywords(schema)) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
    return ajv.compile(schema);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Checks a copy of a value (ajv fills in `default`s, and the caller's object must not change): the
 * copy with defaults applied, or every failure with a path such as `items.0.sku` ('' for the value).
 */
export function checkWithAjv(validate: ValidateFunction, value: unknown): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `is not plain data: ${(error as Error).message}` }] };
  }
  if (validate(copy)) return { ok: true, value: copy };
  const problems = (validate.errors ?? []).map((error) => {
    const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
    const message = error.keyword === 'required' ? 'is required' : error.keyword === 'additionalProperties' ? 'is not allowed' : (error.message ?? 'is invalid');
    return { path: segments.join('.'), message };
  });
  return { ok: false, problems };
}

function vendorKeywords(schema: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 64 || typeof schema !== 'object' || schema === null) return found;
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) found.add(key);
    vendorKeywords(value, found, depth + 1);
  }
  return found;
}
