import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { runAction } from '@touchpoint/plugin-sdk';
import { ChangeHub, createApp, createToken, type ServerDeps } from '@touchpoint/server';
import { migrationLevel } from '@touchpoint/store';
import { databaseTargets, type TestDatabase } from '@touchpoint/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin, { CUSTOMER_EXISTS } from '../src/index.ts';

const targets = await databaseTargets();

/**
 * The customer endpoints read nothing from the runtime but its clock (for products). This package
 * does not depend on @touchpoint/runtime, so a stand-in with a clock is enough for a real API here.
 */
const runtimeStandIn = { clock: { now: () => new Date() } } as unknown as ServerDeps['runtime'];

describe.each(targets)('crm-builtin against a real Touchpoint API on $name', (target) => {
  let t: TestDatabase;
  let server: ServerType;
  let connection: { baseUrl: string; token: string };
  let viewerConnection: { baseUrl: string; token: string };
  const tenantId = `crm-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    t = await target.open();
    const app = createApp({ db: t.db, runtime: runtimeStandIn, hub: new ChangeHub(), database: { kind: t.kind, migration: () => migrationLevel(t.db) } });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await t.db.insertInto('tenants').values({ id: tenantId, name: 'CRM' }).execute();
    connection = { baseUrl, token: (await createToken(t.db, { tenantId, name: 'crm', role: 'supervisor' })).token };
    viewerConnection = { baseUrl: `${baseUrl}/`, token: (await createToken(t.db, { tenantId, name: 'read-only', role: 'viewer' })).token };
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  it('creates a customer with segment, tags and data, and finds it again', async () => {
    const created = await runAction(plugin, 'createCustomer', { id: 'c-100', name: '王小明', locale: 'zh-CN', segment: 'gold', tags: ['vip', 'frequent'], data: { addresses: { 'channel-sms': '+8613800000001' } } }, { connection });
    expect(created).toEqual({ id: 'c-100' });

    const found = await runAction(plugin, 'findCustomer', { id: 'c-100' }, { connection });
    expect(found).toEqual({
      found: true,
      customer: { id: 'c-100', externalRef: null, name: '王小明', locale: 'zh-CN', segment: 'gold', tags: ['vip', 'frequent'], data: { addresses: { 'channel-sms': '+8613800000001' } } },
    });
    const row = await t.db.selectFrom('customers').select(['segment', 'tags']).where('tenant_id', '=', tenantId).where('id', '=', 'c-100').executeTakeFirstOrThrow();
    expect(row).toEqual({ segment: 'gold', tags: ['vip', 'frequent'] });
  });

  it('lets Touchpoint choose the id when none is given', async () => {
    const { id } = await runAction(plugin, 'createCustomer', { name: 'Ann' }, { connection });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await runAction(plugin, 'findCustomer', { id }, { connection })).customer?.name).toBe('Ann');
  });

  it('answers found: false for an unknown customer (a 404 is not a failure)', async () => {
    expect(await runAction(plugin, 'findCustomer', { id: 'nobody' }, { connection })).toEqual({ found: false });
    // the viewer may read (and a trailing slash on the base URL is fine)
    expect(await runAction(plugin, 'findCustomer', { id: 'nobody' }, { connection: viewerConnection })).toEqual({ found: false });
  });

  it('fails a duplicate with a coded, permanent 409', async () => {
    const error = await runAction(plugin, 'createCustomer', { id: 'c-100' }, { connection }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 409, permanent: true });
    expect((error as Error).message).toContain(CUSTOMER_EXISTS);
  });

  it('fails, with the status and without the token, when the token may not manage customers', async () => {
    const error = await runAction(plugin, 'createCustomer', { name: 'X' }, { connection: viewerConnection }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 403 });
    expect((error as Error).message).not.toContain(viewerConnection.token);
    const bad = await runAction(plugin, 'findCustomer', { id: 'c-100' }, { connection: { ...connection, token: 'tp_wrong' } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'TP_PLUGIN_FAILED', status: 401 });
  });

  it('refuses an id with a slash before calling the API', async () => {
    await expect(runAction(plugin, 'findCustomer', { id: 'a/b' }, { connection })).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
  });
});
