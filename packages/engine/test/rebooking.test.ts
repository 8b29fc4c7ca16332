import { describe, expect, it } from 'vitest';
import { Simulation, type SendEffect } from '../src/index.ts';
import { rebooking, shanghai, startRebooking } from './helpers.ts';

const path = (sim: ReturnType<typeof startRebooking>) => sim.eventsOf('node.entered').map((e) => e.nodeId);
const sends = (sim: ReturnType<typeof startRebooking>) => sim.effects.filter((e): e is SendEffect => e.type === 'send');

describe('worry-free rebooking, basic tier', () => {
  it('acknowledges at once, routes to the standard SOP, confirms and asks for CSAT', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00') });
    const [ack] = sends(sim);
    expect(ack?.input.text).toBe('您好Li Lei，我们已收到您的改签申请（订单 T-1001），专员正在处理，请稍候。');
    expect(ack?.input.to).toBe('+8613800000000');
    expect(ack?.key).toBe('case-1/auto-ack/1/send');

    const task = sim.openTask('standard-rebooking')!;
    expect(task).toMatchObject({ queue: 'rebooking', priority: 0, title: 'Rebook the ticket (standard)' });
    // 4 business hours from Tuesday 10:00: 10:00–12:00, then 13:30–15:30 after lunch
    expect(task.dueAt).toBe(shanghai('2026-11-24T15:30:00').toISOString());

    sim.claim(task);
    sim.advance(20 * 60_000);
    sim.complete(task, { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 0 });
    expect(sends(sim).map((s) => s.template)).toEqual(['ack', 'confirmed', 'csat']);
    expect(sim.state?.status).toBe('waiting');

    sim.apply({ type: 'external', name: 'survey.answered', data: { score: 5, comment: '很快' } });
    expect(sim.state).toMatchObject({ status: 'completed', outcome: 'resolved' });
    expect(path(sim)).toEqual(['request', 'auto-ack', 'triage', 'eligibility', 'standard-rebooking', 'payment-needed', 'confirmation', 'csat', 'resolved']);
    expect(sim.eventsOf('survey.answered')[0]?.data).toEqual({ survey: 'csat', score: 5, comment: '很快' });
    // every promise was kept and recorded
    const closed = sim.eventsOf('sla.closed').map((e) => [e.data?.clock, e.data?.met]);
    expect(closed).toEqual(
      expect.arrayContaining([
        ['case:firstResponse', true],
        ['auto-ack#1:firstResponse', true],
        ['standard-rebooking#1:firstResponse', true],
        ['standard-rebooking#1:resolution', true],
        ['case:resolution', true],
      ]),
    );
    expect(sim.timers.size).toBe(0);
  });

  it('speaks English to an English-speaking customer', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00'), locale: 'en' });
    expect(sends(sim)[0]?.input.text).toBe('Hello Li Lei, we have your rebooking request for order T-1001. An agent is on it.');
  });

  it('declines a ticket that cannot be changed', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00'), data: { ticket: { changeable: false } } });
    expect(sim.state).toMatchObject({ status: 'completed', outcome: 'declined' });
    expect(sends(sim).map((s) => s.template)).toEqual(['ack', 'not-eligible']);
  });
});

describe('worry-free rebooking, worry-free tier', () => {
  it('takes the express lane, waives the fee and uses up one free rebooking', () => {
    const sim = startRebooking({ at: shanghai('2026-11-28T22:00:00'), products: ['basic', 'worry-free'], entitlements: { freeRebookings: 2, priorityQueue: true } });
    const task = sim.openTask('express-rebooking')!;
    expect(task).toMatchObject({ queue: 'rebooking-express', priority: 5 });
    // the express lane runs 24×7: a Saturday-night request is due 30 minutes later
    expect(task.dueAt).toBe(shanghai('2026-11-28T22:30:00').toISOString());
    sim.complete(task, { newDeparture: '2026-12-02T08:00:00+08:00', amountDue: 0 });
    expect(sim.state?.entitlements.freeRebookings).toBe(1);
    expect(sim.effects).toContainEqual({ type: 'consume-entitlement', key: 'case-1/express-rebooking/1/consume-freeRebookings', customerId: 'cust-1', entitlement: 'freeRebookings', quantity: 1 });
  });

  it('after the free rebookings, takes the standard SOP with the tier\'s faster SLA and priority', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00'), products: ['basic', 'worry-free'], entitlements: { freeRebookings: 0 } });
    const task = sim.openTask('standard-rebooking')!;
    expect(task.priority).toBe(5);
    // priority-rebooking: 2 business hours instead of 4
    expect(task.dueAt).toBe(shanghai('2026-11-24T12:00:00').toISOString());
  });
});

describe('SLA escalation in business time', () => {
  it('warns, breaches and escalates at the right moments across a weekend and a lunch break', () => {
    // Friday 16:00 in Shanghai; the standard SOP promises 4 business hours (Mon–Fri 09:00–12:00, 13:30–18:00)
    const sim = startRebooking({ at: shanghai('2026-11-27T16:00:00') });
    const task = sim.openTask('standard-rebooking')!;
    sim.claim(task);
    expect(task.dueAt).toBe(shanghai('2026-11-30T11:00:00').toISOString());

    sim.advanceTo(shanghai('2026-11-30T18:00:00'));
    const at = (type: string) => sim.eventsOf(type).filter((e) => e.nodeId === 'standard-rebooking').map((e) => e.at);
    // 80% of 4h = 3h12m: Friday's 2h, then Monday 09:00 + 1h12m
    expect(at('sla.warning')).toEqual([shanghai('2026-11-30T10:12:00').toISOString()]);
    expect(at('sla.breached')).toEqual([shanghai('2026-11-30T11:00:00').toISOString()]);
    // the ladder: notify the supervisor at the breach, reassign at 150% = 6h: Mon 09:00–12:00, lunch, 13:30–14:30
    const escalations = sim.eventsOf('sla.escalated').filter((e) => e.nodeId === 'standard-rebooking');
    expect(escalations.map((e) => [e.at, e.data?.action])).toEqual([
      [shanghai('2026-11-30T11:00:00').toISOString(), 'notify'],
      [shanghai('2026-11-30T14:30:00').toISOString(), 'reassign'],
    ]);
    expect(sim.effects).toContainEqual(expect.objectContaining({ type: 'notify', role: 'supervisor', reason: 'sla.breached', nodeId: 'standard-rebooking' }));
    expect(sim.effects).toContainEqual(expect.objectContaining({ type: 'update-task', key: task.key, queue: 'rebooking-senior' }));
    expect(task.queue).toBe('rebooking-senior');
    // the case-level promise (8 business hours) breaches Monday 16:30: Fri 2h + Mon 3h + 3h
    expect(sim.eventsOf('sla.breached').filter((e) => e.nodeId === undefined).map((e) => e.at)).toEqual([shanghai('2026-11-30T16:30:00').toISOString()]);
    // a breach never cancels the case: the task is still open
    expect(sim.state?.status).toBe('waiting');
    sim.complete(task, { newDeparture: '2026-12-05T08:00:00+08:00', amountDue: 0 });
    const closed = sim.eventsOf('sla.closed').find((e) => e.data?.clock === 'standard-rebooking#1:resolution');
    expect(closed?.data).toMatchObject({ met: false, budgetMs: 4 * 3_600_000 });
  });

  it('breaches the first-response promise when nobody claims the task', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T17:30:00') });
    sim.advanceTo(shanghai('2026-11-25T12:00:00'));
    const breaches = sim.eventsOf('sla.breached').filter((e) => e.data?.target === 'firstResponse' && e.nodeId === 'standard-rebooking');
    // 1 business hour: 17:30–18:00, then Wednesday 09:00–09:30
    expect(breaches.map((e) => e.at)).toEqual([shanghai('2026-11-25T09:30:00').toISOString()]);
  });
});

describe('the fare difference', () => {
  const withAmountDue = (sim: ReturnType<typeof startRebooking>) => sim.complete(sim.openTask()!, { newDeparture: '2026-12-01T08:00:00+08:00', amountDue: 120 });

  it('creates a payment link, pauses the case clock while the customer pays, and confirms on payment', () => {
    const calls: unknown[] = [];
    const sim = startRebooking({
      at: shanghai('2026-11-24T10:00:00'),
      sim: { call: (effect) => (calls.push(effect.input), { output: { url: 'https://pay.example/abc' } }) },
    });
    withAmountDue(sim);
    expect(calls).toEqual([{ amount: 120, currency: 'CNY', description: 'Rebooking fare difference' }]);
    expect(sends(sim).at(-1)?.input.text).toBe('改签需补差价 120 元，请在24小时内完成支付：https://pay.example/abc');
    expect(sim.eventsOf('sla.paused').map((e) => e.data?.clock)).toEqual(['case:resolution']);

    sim.advance(3 * 3_600_000);
    sim.apply({ type: 'external', name: 'payment.captured', data: { amount: 120 } });
    expect(sim.eventsOf('sla.resumed').map((e) => e.data?.clock)).toEqual(['case:resolution']);
    expect(sends(sim).at(-1)?.template).toBe('csat');
    expect(sim.state?.data.events).toEqual({ 'payment.captured': { amount: 120 } });
    expect(sim.timers.has('case-1/await-payment/1/timeout')).toBe(false);
  });

  it('cancels the rebooking when the payment window of 24 hours expires', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00'), sim: { call: () => ({ output: { url: 'u' } }) } });
    withAmountDue(sim);
    sim.advance(24 * 3_600_000);
    expect(sim.state).toMatchObject({ status: 'completed', outcome: 'cancelled' });
    expect(sends(sim).at(-1)?.template).toBe('payment-expired');
  });

  it('takes the error path to a person when the payment action fails for good', () => {
    const sim = startRebooking({ at: shanghai('2026-11-24T10:00:00'), sim: { call: () => ({ error: 'stripe: card_declined' }) } });
    withAmountDue(sim);
    expect(sim.eventsOf('action.failed')[0]?.data).toMatchObject({ plugin: 'payment-stripe', error: 'stripe: card_declined' });
    const followUp = sim.openTask('payment-follow-up');
    expect(followUp?.queue).toBe('payments');
    sim.complete(followUp!);
    expect(sends(sim).map((s) => s.template).slice(-2)).toEqual(['confirmed', 'csat']);
  });
});

describe('any channel', () => {
  it('answers on the channel the request came in on', () => {
    const sim = new Simulation(rebooking, shanghai('2026-11-24T10:00:00'));
    sim.apply({ type: 'case.started', caseId: 'wx-1', channel: 'channel-wechat', customer: { name: '韩梅梅', addresses: { 'channel-wechat': 'openid-123', 'channel-sms': '+86138' } } });
    const ack = sim.effects.find((e): e is SendEffect => e.type === 'send');
    expect(ack).toMatchObject({ plugin: 'channel-wechat', input: { to: 'openid-123' } });
    expect(sim.eventsOf('touchpoint.sent')[0]?.data?.channel).toBe('channel-wechat');
  });
});

describe('questions for the FAQ bot', () => {
  it('lets the bot answer a question without an order number, with no human step', () => {
    const asked: unknown[] = [];
    const sim = new Simulation(rebooking, shanghai('2026-11-24T10:00:00'), {
      call: (effect) => (asked.push(effect.input), { output: { answered: true, answer: '改签手续费为票面价的5%。', entryId: 'rebooking-fee', score: 0.9, confidence: 0.9, locale: 'zh-CN' } }),
    });
    sim.apply({ type: 'case.started', caseId: 'q-1', channel: 'channel-sms', data: { request: { text: '改签要多少钱？' } }, customer: { addresses: { 'channel-sms': '+86138' } } });
    expect(asked).toEqual([{ question: '改签要多少钱？' }]);
    expect(sim.effects.filter((e): e is SendEffect => e.type === 'send').map((e) => e.input.text)).toEqual([
      expect.stringContaining('已收到您的改签申请'),
      '改签手续费为票面价的5%。（智能客服）如需人工帮助，请回复订单号。',
    ]);
    expect(sim.state).toMatchObject({ status: 'completed', outcome: 'resolved-first-contact' });
    expect(sim.eventsOf('task.created')).toEqual([]);
  });

  it('hands a question the bot cannot answer to a person, and a request with an order number to the SOP', () => {
    const unsure = new Simulation(rebooking, shanghai('2026-11-24T10:00:00'), { call: () => ({ output: { answered: false, score: 0.1, confidence: 0.1, locale: 'en' } }) });
    unsure.apply({ type: 'case.started', caseId: 'q-2', data: { request: { text: 'Can I bring my parrot?' } } });
    expect(unsure.openTask('answer-question')).toMatchObject({ queue: 'enquiries' });

    const request = new Simulation(rebooking, shanghai('2026-11-24T10:00:00'));
    request.apply({ type: 'case.started', caseId: 'q-3', data: { request: { text: '订单 T-1001 想改到明天' } } });
    expect(request.openTask('standard-rebooking')).toBeDefined();
  });
});
