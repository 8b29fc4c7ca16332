import { createHmac } from 'node:crypto';
import { safeEqual } from '@touchpoint/plugin-sdk';

/**
 * The `X-Twilio-Signature` of a request, as Twilio documents it
 * (https://www.twilio.com/docs/usage/security#validating-requests): base64 HMAC-SHA1, keyed with
 * the auth token, of the full URL followed by every POST parameter sorted by name, each name
 * immediately followed by its value. A name sent more than once contributes each distinct value,
 * sorted (as Twilio's own libraries do).
 *
 * @example
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', new URLSearchParams('Digits=1234&To=%2B18005551212'))
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...byName.get(name)!].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Whether `signature` signs this URL and these parameters, compared in constant time. Twilio may
 * sign the URL with or without the default port (`:443`), so both spellings are accepted, as its
 * libraries do.
 */
export function verifyTwilioSignature(options: { authToken: string; url: string; params: URLSearchParams; signature: string }): boolean {
  let matched = false;
  for (const url of urlSpellings(options.url)) {
    // No early exit: every spelling is checked, whichever matches.
    if (safeEqual(twilioSignature(options.authToken, url, options.params), options.signature)) matched = true;
  }
  return matched;
}

/** The URL as given, and without and with its scheme's default port. */
export function urlSpellings(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [raw];
  }
  const standardPort = url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : undefined;
  const userinfo = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  const rest = `${url.pathname}${url.search}${url.hash}`;
  const withoutPort = url.port === standardPort || url.port === '' ? `${url.protocol}//${userinfo}${url.hostname}${rest}` : undefined;
  const withPort = url.port === '' && standardPort !== undefined ? `${url.protocol}//${userinfo}${url.hostname}:${standardPort}${rest}` : undefined;
  return [...new Set([raw, withoutPort, withPort].filter((spelling): spelling is string => spelling !== undefined))];
}
