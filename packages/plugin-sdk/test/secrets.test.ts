import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkConnection, openConnection, PluginError, redactConnection, sealConnection, secretKeyFromEnv, SECRET_KEY_ENV } from '../src/index.ts';
import { exampleJs } from './example-js.ts';
import { sms, smsConnection } from './fixtures.ts';

const key = randomBytes(32).toString('base64');

function thrown(work: () => unknown): PluginError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginError);
    return error as PluginError;
  }
  throw new Error('nothing was thrown');
}

describe('sealed connections', () => {
  it('keep non-secret fields in clear and seal the secret ones', () => {
    const stored = sealConnection(sms, smsConnection, key);
    expect(stored.config).toEqual({ sender: 'Acme' });
    expect(stored.sealed).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored.sealed).not.toContain('SUPERSECRET');
    expect(openConnection(sms, stored, key)).toEqual(smsConnection);
  });

  it('use a fresh IV each time', () => {
    expect(sealConnection(sms, smsConnection, key).sealed).not.toBe(sealConnection(sms, smsConnection, key).sealed);
  });

  it('work from a manifest, and for a plain JavaScript plugin', () => {
    const { manifest } = exampleJs;
    const stored = sealConnection(manifest, { region: 'eu', apiKey: 'order-key-123' }, key);
    expect(stored.config).toEqual({ region: 'eu' });
    expect(openConnection(exampleJs, stored, key)).toEqual({ region: 'eu', apiKey: 'order-key-123' });
    expect(sealConnection(exampleJs, { region: 'cn' }, key)).toEqual({ config: { region: 'cn' } });
  });

  it('detect tampering, another key, another plugin or another tenant', () => {
    const stored = sealConnection(sms, smsConnection, key, { bind: 'tenant-1' });
    const [version, iv, tag, data] = stored.sealed!.split(':') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    const attempts = [
      () => openConnection(sms, { ...stored, sealed: [version, iv, tag, flipped.toString('base64url')].join(':') }, key, { bind: 'tenant-1' }),
      () => openConnection(sms, stored, randomBytes(32), { bind: 'tenant-1' }),
      () => openConnection(sms, stored, key, { bind: 'tenant-2' }),
      () => openConnection(exampleJs, stored, key, { bind: 'tenant-1' }),
    ];
    for (const attempt of attempts) {
      const error = thrown(attempt);
      expect(error.code).toBe('TP_PLUGIN_SECRET_TAMPERED');
      expect(error.message).toContain('does not open: it was altered, or sealed under another key');
    }
    expect(thrown(() => openConnection(sms, { ...stored, sealed: 'v2:abc' }, key)).message).toContain('is not in the v1:<iv>:<tag>:<ciphertext> form');
    expect(thrown(() => openConnection(sms, { ...stored, sealed: `v1:AAAA:${tag}:${data}` }, key)).message).toContain('malformed iv or tag');
  });

  it('need a 32-byte base64 key, and say how to make one', () => {
    const missing = thrown(() => secretKeyFromEnv({}));
    expect(missing.code).toBe('TP_PLUGIN_SECRET_KEY');
    expect(missing.message).toBe('TP_PLUGIN_SECRET_KEY: TOUCHPOINT_SECRET_KEY is not set; it must be 32 random bytes in base64, e.g. from `openssl rand -base64 32`');
    expect(thrown(() => secretKeyFromEnv({ [SECRET_KEY_ENV]: randomBytes(16).toString('base64') })).message).toContain('decodes to 16 bytes; AES-256 needs exactly 32');
    expect(thrown(() => secretKeyFromEnv({ [SECRET_KEY_ENV]: 'not base64 at all!' })).message).toContain('is not base64');
    expect(thrown(() => sealConnection(sms, smsConnection, 'c2hvcnQ=')).code).toBe('TP_PLUGIN_SECRET_KEY');
    expect(secretKeyFromEnv({ [SECRET_KEY_ENV]: key })).toHaveLength(32);
  });

  it('are redacted for API output', () => {
    expect(redactConnection(sms, smsConnection)).toEqual({ apiKey: '[redacted]', signingSecret: '[redacted]', sender: 'Acme' });
    expect(redactConnection(exampleJs, { region: 'cn' })).toEqual({ region: 'cn' });
  });
});

describe('checkConnection', () => {
  it('checks a saved connection against the JSON Schema with ajv, with paths', () => {
    expect(checkConnection(sms, smsConnection)).toEqual([]);
    expect(checkConnection(sms, { apiKey: 'short' })).toEqual([
      { path: 'signingSecret', message: 'is required' },
      { path: 'apiKey', message: 'must NOT have fewer than 8 characters' },
    ]);
    expect(checkConnection(exampleJs.manifest, { region: 'us', extra: 1 })).toEqual([
      { path: 'extra', message: 'is not allowed' },
      { path: 'region', message: 'must be equal to one of the allowed values' },
    ]);
  });
});
