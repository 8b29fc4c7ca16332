import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withScratchDatabase } from '@touchpoint/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { TouchpointProcess } from './process.ts';

const running: TouchpointProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
});

function start(args: string[], cwd: string, env: Record<string, string> = {}) {
  const p = new TouchpointProcess(['start', '--port', '0', ...args], { cwd, env });
  running.push(p);
  return p;
}

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as any };
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts touchpoint, drives a worry-free rebooking case through HTTP, and stops it with SIGTERM. */
async function driveACase(p: TouchpointProcess) {
  const [, base] = await p.waitFor(/running at (http:\/\/\S+)/);
  const [, token] = await p.waitFor(/admin token\s+(tp_\S+)/);
  await p.waitFor(/Press Ctrl\+C/);
  const health = (await (await fetch(`${base}/api/v1/health`)).json()) as { status: string };
  expect(health.status).toBe('ok');

  const deployments = await api(base!, token!, 'GET', '/api/v1/deployments');
  const deploymentId = deployments.body.items[0].id;
  await api(base!, token!, 'POST', '/api/v1/customers', { id: 'li', name: 'Li Lei', data: { addresses: { 'channel-sms': '+8613800000001' } } });
  const started = await api(base!, token!, 'POST', '/api/v1/cases', { deploymentId, customerId: 'li', data: { orderId: 'T-77' } });
  expect(started.status).toBe(201);
  // the auto-acknowledgement goes out through the console channel within moments
  await p.waitFor(/\[channel-sms → \+8613800000001\] .*T-77/, 10_000);
  const task = await until(async () => (await api(base!, token!, 'GET', '/api/v1/tasks?queue=rebooking')).body.items[0]);
  expect((await api(base!, token!, 'POST', `/api/v1/tasks/${task.id}/claim`, { assignee: 'agent-1' })).status).toBe(200);
  expect((await api(base!, token!, 'POST', `/api/v1/tasks/${task.id}/complete`, { data: { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 } })).status).toBe(200);
  // the survey question goes out; the customer answers it
  await p.waitFor(/\[channel-sms → \+8613800000001\] .*1-5/, 10_000);
  await api(base!, token!, 'POST', `/api/v1/cases/${started.body.caseId}/events`, { name: 'survey.answered', data: { score: 5 } });
  const done = await api(base!, token!, 'GET', `/api/v1/cases/${started.body.caseId}`);
  expect(done.body).toMatchObject({ status: 'completed', outcome: 'resolved' });
  return { token: token! };
}

describe('touchpoint start, as a real process', () => {
  it('runs a case on the embedded database, stops gracefully, and reuses its data on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-start-'));
    const first = start([], dir);
    await first.waitFor(/First run/);
    const { token } = await driveACase(first);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output).toContain('Stopped.');
    expect(statSync(join(dir, '.touchpoint', 'admin-token')).mode & 0o777).toBe(0o600);

    const second = start([], dir);
    const [, again] = await second.waitFor(/admin token\s+(tp_\S+)/);
    expect(again).toBe(token);
    expect(second.output).not.toContain('First run');
    expect(second.output).toContain('Database schema is up to date');
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 120_000);

  it('runs the same on PostgreSQL from DATABASE_URL', async () => {
    await withScratchDatabase('tp_start', async (url) => {
      const dir = mkdtempSync(join(tmpdir(), 'tp-start-pg-'));
      const p = start([], dir, { DATABASE_URL: url });
      await p.waitFor(/Opening PostgreSQL/);
      await driveACase(p);
      expect(await p.stop('SIGTERM')).toBe(0);
    });
  }, 120_000);

  it('says so clearly when the port is taken, or the data folder cannot be used', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'tp-port-'));
    const taken = new TouchpointProcess(['start', '--port', String(port)], { cwd: dir });
    running.push(taken);
    expect(await taken.exit()).toBe(1);
    expect(taken.output).toContain(`port ${port} is already in use`);
    blocker.close();

    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const bad = new TouchpointProcess(['start', '--data-dir', file], { cwd: dir });
    running.push(bad);
    expect(await bad.exit()).toBe(1);
    expect(bad.output).toMatch(/touchpoint start: .*not-a-folder/);

    const unreachable = new TouchpointProcess(['migrate'], { cwd: dir, env: { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/test' } });
    running.push(unreachable);
    expect(await unreachable.exit()).toBe(1);
    expect(unreachable.output).toMatch(/127\.0\.0\.1:1/);
    expect(unreachable.output).not.toContain('secret');
  }, 120_000);

  it('deploys a template for a tenant, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-deploy-'));
    const deploy = () => {
      const p = new TouchpointProcess(['deploy', 'worry-free-rebooking', '--tenant', 'acme'], { cwd: dir });
      running.push(p);
      return p;
    };
    const first = deploy();
    expect(await first.exit()).toBe(0);
    expect(first.output).toContain('deployed worry-free-rebooking v1 for tenant "acme"');
    const second = deploy();
    expect(await second.exit()).toBe(0);
    expect(second.output).toContain('already deployed');
  }, 120_000);
});
