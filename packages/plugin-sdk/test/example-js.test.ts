import { readFile } from 'node:fs/promises';
import type { PluginCall } from '@touchpoint/runtime';
import { describe, expect, it } from 'vitest';
import { createPluginHost, describePlugin, PluginError, runAction, type LogEntry } from '../src/index.ts';
import { exampleJs, exampleJsEntry, exampleJsModule } from './example-js.ts';

const call = (input: Record<string, unknown>): PluginCall => ({
  tenantId: 't1',
  caseId: 'case-9',
  nodeId: 'lookup-order',
  plugin: 'example-js',
  action: 'lookup',
  input,
  idempotencyKey: 'case-9/lookup-order/1/lookup',
  attempt: 1,
  signal: new AbortController().signal,
});

describe('the plain JavaScript example plugin', () => {
  it('declares itself in package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', exampleJsEntry), 'utf8'));
    expect(pkg.touchpoint).toEqual({ plugin: './index.js' });
    expect(pkg.dependencies).toBeUndefined();
  });

  it('loads, with its JSON Schemas as the manifest', () => {
    expect(exampleJs.manifest).toMatchObject({ id: 'example-js', version: '1.0.0', kind: 'other', editor: { icon: 'search' } });
    expect(exampleJs.manifest.actions.lookup!.input).toMatchObject({ required: ['orderId'] });
    expect(describePlugin(exampleJsModule).actions.lookup!.input).toEqual(exampleJs.manifest.actions.lookup!.input);
  });

  it('runs, with input and output checked by ajv', async () => {
    const logs: LogEntry[] = [];
    const host = createPluginHost({ plugins: [exampleJsModule], connections: async () => ({ region: 'eu', apiKey: 'order-key-123' }), logger: (entry) => logs.push(entry) });
    expect(await host.invoke(call({ orderId: 'A-1002' }))).toEqual({ found: true, status: 'shipped', total: 58.5, currency: 'CNY' });
    expect(await host.invoke(call({ orderId: 'Z-9999' }))).toEqual({ found: false });
    expect(logs[0]).toMatchObject({ message: 'order looked up', plugin: 'example-js', caseId: 'case-9', fields: { orderId: 'A-1002', found: true, region: 'eu' } });

    const error = await host.invoke(call({ orderId: 'a1002', extra: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({
      code: 'TP_PLUGIN_INPUT_INVALID',
      plugin: 'example-js',
      action: 'lookup',
      caseId: 'case-9',
      problems: [
        { path: 'extra', message: 'is not allowed' },
        { path: 'orderId', message: 'must match pattern "^[A-Z]-\\d{4}$"' },
      ],
    });
  });

  it('gets the defaults of its JSON Schemas filled in, without the caller\'s object changing', async () => {
    const logs: LogEntry[] = [];
    const connection = {};
    await runAction(exampleJs.definition, 'lookup', { orderId: 'A-1001' }, { connection, logger: (entry) => logs.push(entry) });
    expect(logs[0]!.fields).toMatchObject({ region: 'cn' });
    expect(connection).toEqual({});
  });

  it('runs in the test harness; its connection is checked by ajv too', async () => {
    expect(await runAction(exampleJs.definition, 'lookup', { orderId: 'A-1001' }, { connection: { region: 'cn' } })).toEqual({ found: true, status: 'paid', total: 129, currency: 'CNY' });
    await expect(runAction(exampleJs.definition, 'lookup', { orderId: 'A-1001' }, { connection: { region: 'mars' } })).rejects.toMatchObject({
      code: 'TP_PLUGIN_CONNECTION_INVALID',
      problems: [{ path: 'region', message: 'must be equal to one of the allowed values' }],
    });
  });

  it('has its output checked by ajv', async () => {
    const lying = { ...exampleJs.definition, actions: { lookup: { ...exampleJs.definition.actions.lookup!, run: () => ({ found: 'yes', total: -1 }) } } };
    await expect(runAction(lying, 'lookup', { orderId: 'A-1001' }, { connection: { region: 'cn' } })).rejects.toMatchObject({
      code: 'TP_PLUGIN_OUTPUT_INVALID',
      plugin: 'example-js',
      action: 'lookup',
      problems: [
        { path: 'found', message: 'must be boolean' },
        { path: 'total', message: 'must be >= 0' },
      ],
    });
  });
});
