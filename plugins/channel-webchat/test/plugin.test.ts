import { runAction, runTrigger } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin, { visitorOf, WebchatOutbox, webchatOutbox, widgetSource, type WebchatMessage } from '../src/index.ts';

const VISITOR = '0b9a3c1e-5f1d-4c1a-9f0e-2d6a7b8c9d0e';

describe('WebchatOutbox', () => {
  it('hands messages to open streams and keeps the last ones for reconnects', () => {
    const outbox = new WebchatOutbox({ keep: 3, now: () => new Date('2026-11-24T02:00:00Z') });
    const got: WebchatMessage[] = [];
    const unsubscribe = outbox.subscribe('t1', 'v1', (message) => got.push(message));
    expect(outbox.publish('t1', 'v1', { text: 'one' }).live).toBe(1);
    unsubscribe();
    for (const text of ['two', 'three', 'four']) expect(outbox.publish('t1', 'v1', { text }).live).toBe(0);
    expect(got.map((m) => m.text)).toEqual(['one']);
    expect(outbox.history('t1', 'v1').map((m) => m.text)).toEqual(['two', 'three', 'four']);
    const [, three] = outbox.history('t1', 'v1');
    expect(outbox.history('t1', 'v1', three!.id).map((m) => m.text)).toEqual(['four']);
    expect(got[0]).toEqual({ id: 1, text: 'one', at: '2026-11-24T02:00:00.000Z' });
  });

  it('keeps tenants and visitors apart', () => {
    const outbox = new WebchatOutbox();
    outbox.publish('t1', 'v1', { text: 'for t1' });
    expect(outbox.history('t2', 'v1')).toEqual([]);
    expect(outbox.history('t1', 'v2')).toEqual([]);
  });

  it('forgets the stalest visitors without an open stream first', () => {
    const outbox = new WebchatOutbox({ maxVisitors: 2 });
    outbox.subscribe('t', 'listening', () => undefined);
    outbox.publish('t', 'a', { text: 'a' });
    outbox.publish('t', 'b', { text: 'b' });
    expect(outbox.history('t', 'a')).toEqual([]);
    expect(outbox.history('t', 'b')).toHaveLength(1);
    outbox.publish('t', 'listening', { text: 'still here' });
    expect(outbox.history('t', 'listening')).toHaveLength(1);
  });
});

describe('channel-webchat plugin', () => {
  it('sends to the visitor named by the webchat address', async () => {
    const got: WebchatMessage[] = [];
    const unsubscribe = webchatOutbox.subscribe('tenant-a', VISITOR, (message) => got.push(message));
    const output = await runAction(plugin, 'send', { to: `webchat:${VISITOR}`, text: '您好，已收到', locale: 'zh-CN', template: 'ack' }, { tenantId: 'tenant-a' });
    unsubscribe();
    expect(output).toEqual({ messageId: String(got[0]!.id), live: true });
    expect(got[0]).toMatchObject({ text: '您好，已收到', template: 'ack' });
  });

  it('fails the step permanently without a webchat address', async () => {
    await expect(runAction(plugin, 'send', { text: 'hi', locale: 'en', template: 'ack' })).rejects.toMatchObject({ code: 'TP_PLUGIN_FAILED', permanent: true });
    await expect(runAction(plugin, 'send', { to: '+8613800000000', text: 'hi', locale: 'en', template: 'ack' })).rejects.toThrow('is not a webchat address');
    expect(() => visitorOf('webchat:../../x')).toThrow();
  });

  it('refuses webhooks: visitor messages come through the webchat endpoint', async () => {
    await expect(runTrigger(plugin, 'inbound', { body: '{"text":"hi"}' })).rejects.toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID' });
  });

  it('ships a small dependency-free widget', () => {
    const source = widgetSource();
    expect(source.split('\n').length).toBeLessThan(200);
    expect(source).not.toMatch(/\bimport\b|\brequire\(/);
    expect(source).toContain('EventSource');
  });
});
