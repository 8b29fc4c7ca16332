import { checkConnection, loadPlugin, redactConnection } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import sms from '../src/index.ts';

describe('channel-sms manifest', () => {
  it('installs, with the auth token secret and the editor labelled in both locales', () => {
    const { manifest } = loadPlugin(sms);
    expect(manifest).toMatchObject({ id: 'channel-sms', kind: 'channel', editor: { icon: 'message', label: { 'zh-CN': expect.any(String), en: expect.any(String) } } });
    expect(manifest.connection.properties).toMatchObject({ authToken: { 'x-touchpoint-secret': true, writeOnly: true }, baseUrl: { default: 'https://api.twilio.com' } });
    expect(Object.keys(manifest.actions)).toEqual(['send']);
    expect(Object.keys(manifest.triggers)).toEqual(['inbound']);
    expect(manifest.actions.send!.input).toMatchObject({ required: ['to', 'text', 'locale', 'template'] });
  });

  it('checks connections with the JSON Schema the server uses, sender pattern included', () => {
    const good = { accountSid: 'ACde0123456789abcdef0123456789abcd', authToken: 'secret-token', from: '+15005550006' };
    expect(checkConnection(sms, good)).toEqual([]);
    expect(checkConnection(sms, { ...good, from: 'MG0123456789abcdef0123456789abcdef', webhookUrl: 'https://hooks.example.com/sms' })).toEqual([]);
    expect(checkConnection(sms, { ...good, from: 'Touchpoint' }).map((problem) => problem.path)).toEqual(['from']);
    expect(checkConnection(sms, { from: '+15005550006' }).map((problem) => problem.path).sort()).toEqual(['accountSid', 'authToken']);
    expect(redactConnection(sms, good)).toMatchObject({ authToken: '[redacted]', accountSid: good.accountSid });
  });
});
