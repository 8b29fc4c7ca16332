import { StoreError } from '../errors.ts';

/**
 * How PGlite writes a parameter bound to a json/jsonb column: the same text `pg` would send.
 *
 * `pg` serializes by the value's JS type, not the column's: it JSON-encodes plain objects but
 * turns a top-level array into a Postgres array literal and a Date into a timestamp, which a
 * jsonb column rejects. PGlite serializes by column type and would accept both, so code tested on
 * PGlite would break on PostgreSQL. We refuse those values here, with a message saying what to do.
 */
export function serializeJsonParameter(value: unknown): string {
  if (typeof value === 'string') return value; // already JSON text, as pg passes it through
  if (Array.isArray(value) || value instanceof Date) {
    throw new StoreError(
      'TP_STORE_JSON_PARAMETER',
      `a ${Array.isArray(value) ? 'array' : 'Date'} cannot be written to a json/jsonb column directly ` +
        '(PostgreSQL through pg would reject it); wrap it in an object or pass JSON.stringify(value)',
    );
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value); // numbers, booleans, bigints: their text is their JSON
}
