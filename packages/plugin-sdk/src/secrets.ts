import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PluginError } from './errors.ts';
import { REDACTED } from './logger.ts';
import { manifestOf, type ManifestSource } from './manifest-source.ts';
import { secretFields } from './secret.ts';

/** The environment variable holding the connection encryption key: 32 random bytes, base64. */
export const SECRET_KEY_ENV = 'TOUCHPOINT_SECRET_KEY';

/** A connection as stored: the non-secret fields in clear, the secret ones sealed together. */
export interface SealedConnection {
  config: Record<string, unknown>;
  /** `v1:<iv>:<tag>:<ciphertext>` (base64url), AES-256-GCM; absent when there is nothing secret. */
  sealed?: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key from `TOUCHPOINT_SECRET_KEY`. Missing, not base64 or not 32 bytes long: a
 * `TP_PLUGIN_SECRET_KEY` error that says how to make one.
 */
export function secretKeyFromEnv(env: Record<string, string | undefined> = process.env): Buffer {
  const value = env[SECRET_KEY_ENV];
  if (value === undefined || value.trim() === '') {
    throw new PluginError({ code: 'TP_PLUGIN_SECRET_KEY', detail: `${SECRET_KEY_ENV} is not set; it must be 32 random bytes in base64, e.g. from \`openssl rand -base64 32\`` });
  }
  return parseSecretKey(value);
}

/** A key given as base64 text (or as bytes), checked to be 32 bytes. */
export function parseSecretKey(key: string | Uint8Array): Buffer {
  const bytes = typeof key === 'string' ? decodeBase64(key.trim()) : Buffer.from(key);
  if (bytes === undefined) throw new PluginError({ code: 'TP_PLUGIN_SECRET_KEY', detail: `${SECRET_KEY_ENV} is not base64; it must be 32 random bytes in base64` });
  if (bytes.length !== 32) {
    throw new PluginError({ code: 'TP_PLUGIN_SECRET_KEY', detail: `${SECRET_KEY_ENV} decodes to ${bytes.length} bytes; AES-256 needs exactly 32 (\`openssl rand -base64 32\`)` });
  }
  return bytes;
}

/**
 * Splits a connection for storage: secret fields (as the connection schema marks them) encrypted
 * together with AES-256-GCM, bound to the plugin id (and `bind`, e.g. the tenant id), so that a
 * sealed value copied to another plugin or tenant does not open.
 *
 * @example
 * const stored = sealConnection(plugin, { apiKey: 'sk_live_…', region: 'cn' }, secretKeyFromEnv(), { bind: tenantId });
 * // { config: { region: 'cn' }, sealed: 'v1:…' }
 */
export function sealConnection(plugin: ManifestSource, config: Record<string, unknown>, key: string | Uint8Array, options: { bind?: string } = {}): SealedConnection {
  const manifest = manifestOf(plugin);
  const secrets = new Set(secretFields(manifest.connection));
  const clear: Record<string, unknown> = {};
  const hidden: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) (secrets.has(field) ? hidden : clear)[field] = value;
  if (Object.keys(hidden).length === 0) return { config: clear };

  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', parseSecretKey(key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(manifest.id, options.bind));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(hidden), 'utf8'), cipher.final()]);
  const sealed = [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  return { config: clear, sealed };
}

/**
 * The full connection again. A sealed value that was altered, sealed under another key, or for
 * another plugin or `bind` fails with `TP_PLUGIN_SECRET_TAMPERED`.
 */
export function openConnection(plugin: ManifestSource, stored: SealedConnection, key: string | Uint8Array, options: { bind?: string } = {}): Record<string, unknown> {
  const manifest = manifestOf(plugin);
  if (stored.sealed === undefined || stored.sealed === '') return { ...stored.config };
  const tampered = (detail: string, cause?: unknown) =>
    new PluginError({ code: 'TP_PLUGIN_SECRET_TAMPERED', plugin: manifest.id, detail, ...(cause === undefined ? {} : { cause }) });

  const parts = stored.sealed.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw tampered(`the sealed connection is not in the ${VERSION}:<iv>:<tag>:<ciphertext> form`);
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw tampered('the sealed connection has a malformed iv or tag');
  const keyBytes = parseSecretKey(key);

  let hidden: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(manifest.id, options.bind));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]);
    hidden = JSON.parse(plain.toString('utf8'));
  } catch (error) {
    throw tampered(`the sealed connection does not open: it was altered, or sealed under another key, for another plugin or with another bind value`, error);
  }
  if (typeof hidden !== 'object' || hidden === null || Array.isArray(hidden)) throw tampered('the sealed connection does not hold an object');
  return { ...stored.config, ...(hidden as Record<string, unknown>) };
}

/**
 * A connection fit for API output: every secret field that is set is replaced by `"[redacted]"`,
 * so a form can show that a key is configured without the key ever leaving the server.
 */
export function redactConnection(plugin: ManifestSource, config: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set(secretFields(manifestOf(plugin).connection));
  return Object.fromEntries(
    Object.entries(config).map(([field, value]) => [field, secrets.has(field) && value !== undefined && value !== null && value !== '' ? REDACTED : value]),
  );
}

function aad(pluginId: string, bind: string | undefined): Buffer {
  return Buffer.from(`touchpoint/connection/${pluginId}${bind === undefined ? '' : `/${bind}`}`, 'utf8');
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
}
