import { hmacSha256Hex, safeEqual } from '@touchpoint/plugin-sdk';

/**
 * The signing scheme, both ways: `X-Touchpoint-Timestamp: <unix seconds>` and
 * `X-Touchpoint-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. A signature
 * header may list several `v1=` values (comma or space separated), so a sender can sign with an
 * old and a new secret while rotating.
 */
export const TIMESTAMP_HEADER = 'X-Touchpoint-Timestamp';
export const SIGNATURE_HEADER = 'X-Touchpoint-Signature';
export const SIGNATURE_SCHEME = 'v1';

/** The signature header value for a body: `v1=<64 hex>`. `timestamp` is in unix seconds. */
export function signPayload(secret: string, timestamp: number, body: string | Uint8Array): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`the timestamp must be whole unix seconds, got ${timestamp}`);
  return `${SIGNATURE_SCHEME}=${hmacSha256Hex(secret, signedContent(timestamp, body))}`;
}

/** Both headers for a body, ready to send (names as the scheme spells them). */
export function signedHeaders(secret: string, timestamp: number, body: string | Uint8Array): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signPayload(secret, timestamp, body) };
}

export type VerifyFailure = 'missing-header' | 'malformed-header' | 'mismatch' | 'expired' | 'future';

export type Verification = { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure; detail: string };

export interface VerifyOptions {
  secret: string;
  /** The X-Touchpoint-Timestamp header as received. */
  timestamp: string | undefined;
  /** The X-Touchpoint-Signature header as received. */
  signature: string | undefined;
  /** The raw body, exactly as received. */
  body: string | Uint8Array;
  now: Date;
  /** How far the timestamp may be from `now`, either way. */
  toleranceSeconds: number;
}

/**
 * Checks a signed request: both headers present and well formed, one `v1` signature matching
 * (compared in constant time), and the timestamp within the tolerance of `now` (an old one is a
 * replay, a future one is refused too so that a captured request cannot be pre-dated).
 */
export function verifySignature(options: VerifyOptions): Verification {
  const { timestamp: rawTimestamp, signature } = options;
  if (rawTimestamp === undefined || rawTimestamp.trim() === '') return fail('missing-header', `no ${TIMESTAMP_HEADER} header`);
  if (signature === undefined || signature.trim() === '') return fail('missing-header', `no ${SIGNATURE_HEADER} header`);
  if (!/^\d{1,12}$/.test(rawTimestamp.trim())) return fail('malformed-header', `${TIMESTAMP_HEADER} is not unix seconds`);
  const timestamp = Number(rawTimestamp.trim());
  const candidates = parseSignatureHeader(signature);
  if (candidates === undefined) return fail('malformed-header', `${SIGNATURE_HEADER} is not "${SIGNATURE_SCHEME}=<64 hex digits>"`);

  const expected = signPayload(options.secret, timestamp, options.body).slice(SIGNATURE_SCHEME.length + 1);
  // Every candidate is compared, so the time taken does not depend on which one matched.
  let matched = false;
  for (const candidate of candidates) matched = safeEqual(candidate, expected) || matched;
  if (!matched) return fail('mismatch', 'the signature does not match the body and timestamp');

  const age = Math.floor(options.now.getTime() / 1000) - timestamp;
  if (age > options.toleranceSeconds) return fail('expired', `the timestamp is ${age} s old, outside the ${options.toleranceSeconds} s tolerance (a replay?)`);
  if (-age > options.toleranceSeconds) return fail('future', `the timestamp is ${-age} s in the future, outside the ${options.toleranceSeconds} s tolerance`);
  return { ok: true, timestamp };
}

/** The lowercase hex `v1` signatures of a header, or undefined when there is none or one is malformed. */
export function parseSignatureHeader(value: string): string[] | undefined {
  const entries = value.split(/[\s,]+/).filter((entry) => entry !== '');
  const signatures: string[] = [];
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0) return undefined;
    if (entry.slice(0, equals) !== SIGNATURE_SCHEME) continue; // another scheme: not ours to check
    const hex = entry.slice(equals + 1);
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
    signatures.push(hex.toLowerCase());
  }
  return signatures.length === 0 ? undefined : signatures;
}

function signedContent(timestamp: number, body: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

function fail(reason: VerifyFailure, detail: string): Verification {
  return { ok: false, reason, detail };
}
