import { TypeOverrides, types } from 'pg';

/**
 * How column values come back from PostgreSQL, keyed by type OID. Both drivers use this one
 * table, so the same column yields the same JavaScript type on `pg` and on PGlite.
 */
type TextParser = (text: string) => unknown;

const OID = {
  INT8: 20,
  JSON: 114,
  INT8_ARRAY: 1016,
  DATE: 1082,
  DATE_ARRAY: 1182,
  TIMESTAMPTZ: 1184,
  JSONB: 3802,
} as const;

/**
 * int8 (bigint, bigserial, count(*)) as a JS number. Counts, sequence numbers and ids stay far
 * below 2^53; a value beyond that comes back as a `bigint` rather than a silently rounded number.
 */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

// pg's own array grammar parser (via text[]) handles quoting and NULLs; we only map the items.
const TEXT_ARRAY = 1009 as number; // not in @types/pg's list of OIDs
const parseTextArray = types.getTypeParser(TEXT_ARRAY, 'text') as (text: string) => unknown[];
const mapArray = (items: unknown[], parse: TextParser): unknown[] =>
  items.map((item) =>
    Array.isArray(item) ? mapArray(item, parse) : item === null ? null : parse(item as string),
  );

// pg's timestamptz parser understands every output form PostgreSQL uses (offsets, BC, infinity);
// PGlite's own parser is `new Date(text)`, so we give PGlite pg's parser too.
const parseTimestamptz = types.getTypeParser(OID.TIMESTAMPTZ, 'text') as TextParser;

export const typeParsers: Readonly<Record<number, TextParser>> = {
  [OID.INT8]: parseInt8,
  [OID.INT8_ARRAY]: (text) => mapArray(parseTextArray(text), parseInt8),
  // A calendar date has no time zone: a JS Date would invent one (pg picks local midnight,
  // PGlite UTC midnight). Keep it as the 'YYYY-MM-DD' text.
  [OID.DATE]: (text) => text,
  [OID.DATE_ARRAY]: (text) => parseTextArray(text),
  [OID.TIMESTAMPTZ]: parseTimestamptz,
  [OID.JSON]: (text) => JSON.parse(text),
  [OID.JSONB]: (text) => JSON.parse(text),
};

/** The parsers above in the shape a `pg` Pool takes; everything else keeps pg's defaults. */
export function pgTypeOverrides(): TypeOverrides {
  const overrides = new TypeOverrides();
  for (const [oid, parse] of Object.entries(typeParsers)) {
    overrides.setTypeParser(Number(oid), 'text', parse);
  }
  return overrides;
}

export const JSON_OIDS = [OID.JSON, OID.JSONB] as const;
