import { CURRENT_FORMAT_VERSION } from '../document.ts';
import { migrateV1toV2 } from './migrate-v1.ts';

/** One pure function per format version, applied in order: MIGRATIONS[n] turns format n into n + 1. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1: migrateV1toV2,
};

export class FormatVersionError extends Error {
  override name = 'FormatVersionError';
}

/**
 * Brings a document of any known older `formatVersion` to the current one. A current document is
 * returned as it is; a newer or unknown version throws, since guessing would lose data.
 */
export function upgradeBlueprint(doc: Record<string, unknown>): { doc: Record<string, unknown>; from: number } {
  const from = doc.formatVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new FormatVersionError(`formatVersion must be a whole number from 1 to ${CURRENT_FORMAT_VERSION}, not ${JSON.stringify(from)}`);
  }
  if (from > CURRENT_FORMAT_VERSION) {
    throw new FormatVersionError(`formatVersion ${from} is newer than this Touchpoint understands (${CURRENT_FORMAT_VERSION}); upgrade Touchpoint`);
  }
  let current = doc;
  for (let version = from; version < CURRENT_FORMAT_VERSION; version++) {
    const migrate = MIGRATIONS[version];
    if (!migrate) throw new FormatVersionError(`no upgrade from formatVersion ${version}`);
    current = migrate(current);
  }
  return { doc: current, from };
}
