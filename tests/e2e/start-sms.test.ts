/**
 * The quick start as a newcomer runs it: the real `touchpoint start` process, on the embedded
 * database and on PostgreSQL, driving a worry-free rebooking case through HTTP from an inbound SMS
 * webhook (signed as Twilio signs it) to the survey answer, with the acknowledgement, confirmation
 * and survey sent to a Twilio-compatible API on loopback.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withScratchDatabase } from '@touchpoint/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { TouchpointProcess } from '../../packages/cli/test/process.ts';
import { startFakeTwilio } from '../../plugins/channel-sms/test/fake-twilio.ts';

const account = { accountSid: 'ACde0123456789abcdef0123456789abcd', authToken: 'twilio-auth-token-7f3a' };
const OUR_NUMBER = '+15005550006';
const running: TouchpointProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rebookBySms(env: Record<string, string>) {
  const twilio = await startFakeTwilio(account);
  const p = new TouchpointProcess(['start', '--port', '0'], { cwd: mkdtempSync(join(tmpdir(), 'tp-e2e-')), env });
  running.push(p);
  try {
    const [, base] = await p.waitFor(/running at (http:\/\/\S+)/);
    const [, token] = await p.waitFor(/admin token\s+(tp_\S+)/);
    await p.waitFor(/Press Ctrl\+C/);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await response.json()) as any };
    };
    const webhook = `${base}/api/v1/webhooks/demo/channel-sms/inbound`;
    const connected = await api('PUT', '/api/v1/connections/channel-sms', { config: { ...account, from: OUR_NUMBER, baseUrl: twilio.baseUrl, webhookUrl: webhook } });
    expect(connected.status).toBe(200);

    const customer = '+8613800000042';
    const texts = () => [...twilio.messages.values()].filter((m) => m.to === customer).map((m) => String(m.body));
    const say = async (body: string, sid: string) => expect((await twilio.deliverInbound(webhook, { AccountSid: account.accountSid, MessageSid: sid, From: customer, To: OUR_NUMBER, Body: body })).status).toBe(200);

    await say('我要改签，订单 T-1001', 'SM00000000000000000000000000000a1');
    await until('the acknowledgement by SMS', async () => (texts().length >= 1 ? true : undefined));
    expect(texts()[0]).toContain('已收到您的改签申请');

    const task = await until('the rebooking task', async () => (await api('GET', '/api/v1/tasks?queue=rebooking')).body.items[0]);
    expect((await api('POST', `/api/v1/tasks/${task.id}/claim`, { assignee: 'agent-1' })).status).toBe(200);
    expect((await api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { newDeparture: '2026-12-04T08:00:00+08:00', amountDue: 0 } })).status).toBe(200);
    await until('the confirmation and the survey by SMS', async () => (texts().length >= 3 ? true : undefined));
    expect(texts().slice(1)).toEqual([expect.stringContaining('改签成功'), expect.stringContaining('请为本次改签服务打分')]);

    await say('5', 'SM00000000000000000000000000000a2');
    const done = await until('the case to complete', async () => {
      const cases = (await api('GET', '/api/v1/cases?status=completed')).body.items;
      return cases.length > 0 ? cases[0] : undefined;
    });
    expect(done).toMatchObject({ outcome: 'resolved' });
    expect(await p.stop('SIGTERM')).toBe(0);
  } finally {
    await twilio.close();
  }
}

describe('touchpoint start with an SMS channel, as a real process', () => {
  it('runs a rebooking from an inbound SMS to the survey answer on the embedded database', async () => {
    await rebookBySms({});
  }, 120_000);

  it('runs the same on PostgreSQL', async () => {
    await withScratchDatabase('tp_e2e', (url) => rebookBySms({ DATABASE_URL: url }));
  }, 120_000);
});
