import { createHash } from 'node:crypto';
import { PluginError, safeEqual, type WebhookRequest } from '@touchpoint/plugin-sdk';

/** WeChat's signature: the SHA-1 (hex) of token, timestamp and nonce, sorted and concatenated. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** The query parameters of the request WeChat made (`?signature=…&timestamp=…&nonce=…`). */
export function queryOf(request: WebhookRequest): URLSearchParams {
  return new URL(request.url, 'http://localhost').searchParams;
}

/**
 * Checks a push from WeChat: the signature, in constant time, and that the timestamp is recent
 * (the signature does not cover the body, so an old signed query could be replayed with another).
 */
export function verifyPush(request: WebhookRequest, token: string, now: Date, maxAgeSeconds: number): boolean {
  const query = queryOf(request);
  const signature = query.get('signature');
  const timestamp = query.get('timestamp');
  const nonce = query.get('nonce');
  if (signature === null || timestamp === null || nonce === null) {
    throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the request has no signature, timestamp and nonce query parameters: not a WeChat push' });
  }
  if (!safeEqual(signature.toLowerCase(), wechatSignature(token, timestamp, nonce))) return false;
  if (maxAgeSeconds > 0) {
    const seconds = Number(timestamp);
    const skew = Math.abs(now.getTime() / 1000 - seconds);
    if (!Number.isFinite(seconds) || skew > maxAgeSeconds) {
      throw new PluginError({
        code: 'TP_PLUGIN_SIGNATURE_INVALID',
        detail: `the signed timestamp is ${Number.isFinite(skew) ? `${Math.round(skew)} s` : 'not a time and'} away from now (at most ${maxAgeSeconds} s): a replay, or a clock out of sync`,
      });
    }
  }
  return true;
}
