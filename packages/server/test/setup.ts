import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock, Runtime, Worker, type PluginCall, type PluginHost } from '@touchpoint/runtime';
import { migrationLevel } from '@touchpoint/store';
import type { TestDatabase } from '@touchpoint/store/testing';
import { ChangeHub, createApp, createToken } from '../src/index.ts';

export const template = () => JSON.parse(readFileSync(fileURLToPath(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url)), 'utf8'));

class InstantPlugins implements PluginHost {
  readonly calls: PluginCall[] = [];
  async invoke(call: PluginCall) {
    this.calls.push(call);
    return call.plugin === 'payment-stripe' ? { url: 'https://pay.example/x' } : { accepted: true };
  }
}

let counter = 0;

/** An app on a test database, with a tenant, its admin token, and a worker to drive cases. */
export async function setup(t: TestDatabase) {
  const clock = new ManualClock('2026-11-24T02:00:00Z');
  const plugins = new InstantPlugins();
  const hub = new ChangeHub();
  const runtime = new Runtime({ db: t.db, clock, plugins, onChange: (change) => hub.publish(change) });
  const worker = new Worker(runtime, { random: () => 0.5 });
  const app = createApp({ db: t.db, runtime, hub, database: { kind: t.kind, migration: () => migrationLevel(t.db) } });

  const tenant = async (name: string) => {
    const id = `${name}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
    await t.db.insertInto('tenants').values({ id, name }).execute();
    const { token } = await createToken(t.db, { tenantId: id, name: 'admin', role: 'admin' });
    return { id, token };
  };

  const call = async (token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.request(path, init);
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: json };
  };

  /** Publishes and deploys the template for a tenant, through the API. */
  const deployTemplate = async (token: string) => {
    const created = await call(token, 'POST', '/api/v1/blueprints', { document: template() });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const version = await call(token, 'POST', '/api/v1/blueprints/worry-free-rebooking/publish');
    const deployment = await call(token, 'POST', '/api/v1/deployments', { versionId: version.body.id, name: 'production' });
    return { versionId: version.body.id as string, deploymentId: deployment.body.id as string };
  };

  return { app, runtime, worker, clock, plugins, hub, tenant, call, deployTemplate };
}
