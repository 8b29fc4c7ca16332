import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, definePlugin, PluginError, redactor, runAction, secret, type LogEntry } from '../src/index.ts';

const Connection = z.object({ token: secret(z.string()), pin: secret(z.number()).optional(), region: z.string().default('cn') });

/** A plugin that does whatever its input says with its context, to test what the context does. */
const probe = definePlugin({
  id: 'probe',
  version: '1.0.0',
  kind: 'other',
  connection: Connection,
  actions: {
    log: defineAction({
      connection: Connection,
      input: z.object({}),
      output: z.object({}),
      run: (ctx) => {
        const token = ctx.connection.token;
        ctx.logger.info(`calling with ${token}`, {
          header: `Bearer ${token}`,
          nested: { deep: [{ token }], pin: ctx.connection.pin },
          error: new Error(`401 for ${token}`),
          [token]: 'as a key',
          region: ctx.connection.region,
        });
        ctx.logger.warn('plain');
        return {};
      },
    }),
    fetch: defineAction({
      input: z.object({ url: z.string(), timeoutMs: z.number().optional() }),
      output: z.object({ data: z.unknown() }),
      run: async (ctx, input) => ({ data: await ctx.http.get(input.url, { ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }), query: { q: 'x' } }) }),
    }),
    time: defineAction({
      input: z.object({}),
      output: z.object({ now: z.string(), key: z.string() }),
      run: (ctx) => ({ now: ctx.clock.now().toISOString(), key: ctx.idempotencyKey }),
    }),
  },
  editor: { label: { 'zh-CN': '探针', en: 'Probe' } },
});
const connection = { token: 'tok_9f8e7d6c', pin: 424242, region: 'eu' };

describe('ctx.logger', () => {
  it('never writes a secret value, wherever it is passed', async () => {
    const logs: LogEntry[] = [];
    await runAction(probe, 'log', {}, { connection, logger: (entry) => logs.push(entry), caseId: 'c-1', nodeId: 'step-2', clock: { now: () => new Date('2026-03-01T08:00:00Z') } });
    const written = JSON.stringify(logs);
    expect(written).not.toContain('tok_9f8e7d6c');
    expect(written).not.toContain('424242');
    expect(logs[0]).toMatchObject({
      level: 'info',
      message: 'calling with [redacted]',
      at: '2026-03-01T08:00:00.000Z',
      plugin: 'probe',
      action: 'log',
      caseId: 'c-1',
      nodeId: 'step-2',
      fields: { header: 'Bearer [redacted]', nested: { deep: [{ token: '[redacted]' }], pin: '[redacted]' }, '[redacted]': 'as a key', region: 'eu' },
    });
    expect((logs[0]!.fields!.error as { message: string }).message).toBe('401 for [redacted]');
    expect(logs[1]).toMatchObject({ level: 'warn', message: 'plain' });
  });

  it('redacts deeply and survives cycles', () => {
    const cyclic: Record<string, unknown> = { a: 'x-SECRET-y' };
    cyclic.self = cyclic;
    expect(redactor(['SECRET'])(cyclic)).toEqual({ a: 'x-[redacted]-y', self: '[circular]' });
    expect(redactor([])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('ctx.http', () => {
  const run = (fetch: typeof globalThis.fetch, input: { url: string; timeoutMs?: number } = { url: 'https://api.example.test/items?page=2' }) =>
    runAction(probe, 'fetch', input, { connection, fetch });

  it('parses JSON, returns text otherwise, and adds the query', async () => {
    const urls: string[] = [];
    const data = await run(async (url) => {
      urls.push(String(url));
      return Response.json({ ok: 1 });
    });
    expect(data).toEqual({ data: { ok: 1 } });
    expect(urls).toEqual(['https://api.example.test/items?page=2&q=x']);
    expect(await run(async () => new Response('pong', { headers: { 'content-type': 'text/plain' } }))).toEqual({ data: 'pong' });
  });

  it('throws TP_PLUGIN_HTTP with the status on non-2xx (wrapped as the step failure)', async () => {
    const error = (await run(async () => Response.json({ error: 'nope' }, { status: 404 })).catch((caught: unknown) => caught)) as PluginError;
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 404 });
    expect((error.cause as Error).message).toContain('TP_PLUGIN_HTTP: GET https://api.example.test/items answered 404: {"error":"nope"}');
  });

  it('times out a request that does not answer', async () => {
    const hang: typeof fetch = (_url, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }));
    const error = (await run(hang, { url: 'https://slow.example.test/', timeoutMs: 30 }).catch((caught: unknown) => caught)) as PluginError;
    expect(error.message).toBe('TP_PLUGIN_FAILED: probe.fetch for case test-case: TP_PLUGIN_HTTP: GET https://slow.example.test/: no answer within 30 ms');
  });

  it('aborts requests with the call', async () => {
    const controller = new AbortController();
    let aborted = false;
    const hang: typeof fetch = (_url, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal?.reason);
        }),
      );
    const pending = runAction(probe, 'fetch', { url: 'https://slow.example.test/' }, { connection, fetch: hang, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'TP_PLUGIN_ABORTED', plugin: 'probe', action: 'fetch' });
    expect(aborted).toBe(true);
  });
});

describe('ctx.clock and ctx.idempotencyKey', () => {
  it('come from the caller', async () => {
    expect(await runAction(probe, 'time', {}, { connection, clock: { now: () => new Date('2026-01-01T00:00:00Z') }, idempotencyKey: 'k-1' })).toEqual({
      now: '2026-01-01T00:00:00.000Z',
      key: 'k-1',
    });
  });
});
