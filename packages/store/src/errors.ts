/** Every failure the store reports on its own carries one of these codes. */
export type StoreErrorCode =
  | 'TP_STORE_BAD_OPTIONS'
  | 'TP_STORE_UNREACHABLE'
  | 'TP_STORE_CONNECT_FAILED'
  | 'TP_STORE_DATA_DIR_NOT_WRITABLE'
  | 'TP_STORE_DATA_DIR_IN_USE'
  | 'TP_STORE_PGLITE_START_FAILED'
  | 'TP_STORE_JSON_PARAMETER'
  | 'TP_STORE_MIGRATION_FAILED';

/**
 * An error raised by the store itself (not one passed through from PostgreSQL).
 *
 * @example
 * try { await openDatabase({ url }) }
 * catch (e) { if (e instanceof StoreError && e.code === 'TP_STORE_UNREACHABLE') console.error(e.message) }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}

/**
 * True when `error` is PostgreSQL's unique_violation (23505), optionally on one named constraint.
 * Both drivers raise errors carrying the server's `code` and `constraint`, so this works on either;
 * the runtime uses it to treat a duplicate idempotency or dedupe key as "already done".
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: actual } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || actual === constraint);
}
