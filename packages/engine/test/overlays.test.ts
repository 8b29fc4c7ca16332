import { describe, expect, it } from 'vitest';
import { compileBlueprint, Simulation } from '../src/index.ts';

const doc = {
  formatVersion: 2,
  id: 'concierge',
  name: 'Concierge',
  locales: ['en'],
  stages: [{ id: 's', name: 'S' }],
  slaPolicies: [
    { id: 'standard', resolution: '2h' },
    { id: 'fast', resolution: '15m' },
  ],
  nodes: [
    { id: 'start', kind: 'trigger', lane: 'customer', stage: 's', source: 'api' },
    { id: 'help', kind: 'task', lane: 'backstage', stage: 's', queue: 'general', title: 'Help', sla: 'standard' },
    { id: 'escalate', kind: 'task', lane: 'backstage', stage: 's', queue: 'supervisors', title: 'Take over' },
    { id: 'done', kind: 'end', lane: 'backstage', stage: 's', outcome: 'resolved' },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'help' },
    { id: 'e2', from: 'help', to: 'done' },
    { id: 'e3', from: 'help', to: 'escalate', on: 'breach' },
    { id: 'e4', from: 'escalate', to: 'done' },
  ],
  products: [
    { id: 'basic', tier: 'basic', name: 'Basic', price: { amount: 0, currency: 'CNY' } },
    {
      id: 'member', tier: 'addon', name: 'Member exclusive', price: { amount: 199, currency: 'CNY' },
      entitlements: { dedicatedAgent: true },
      overrides: [{ node: 'help', sla: 'fast', queue: 'members', priority: 7, dedicatedAgent: true }],
    },
  ],
};
const blueprint = compileBlueprint(doc);
const t0 = new Date('2026-11-24T02:00:00Z');

function start(products: string[], dedicatedAgent?: string) {
  const sim = new Simulation(blueprint, t0);
  sim.apply({ type: 'case.started', caseId: 'c', products, customer: { id: 'm1', ...(dedicatedAgent && { dedicatedAgent }) } });
  return sim;
}

describe('tier overlays', () => {
  it('leave a basic customer on the blueprint as drawn', () => {
    expect(start(['basic']).openTask('help')).toMatchObject({ queue: 'general', priority: 0, dueAt: '2026-11-24T04:00:00.000Z' });
    expect(start(['basic']).openTask('help')?.assignee).toBeUndefined();
  });

  it('give a member the faster SLA, the priority queue and their dedicated agent', () => {
    const task = start(['basic', 'member'], 'agent-wang').openTask('help');
    expect(task).toMatchObject({ queue: 'members', priority: 7, assignee: 'agent-wang', dueAt: '2026-11-24T02:15:00.000Z' });
  });
});

describe('a breach edge', () => {
  it('closes the breached task and hands the case over at the breach moment', () => {
    const sim = start(['basic']);
    const task = sim.openTask('help')!;
    sim.advance(2 * 3_600_000 - 1);
    expect(sim.openTask('escalate')).toBeUndefined();
    sim.advance(1);
    expect(task.status).toBe('closed');
    expect(sim.effects).toContainEqual({ type: 'close-task', key: task.key, reason: 'breached' });
    expect(sim.openTask('escalate')).toMatchObject({ queue: 'supervisors' });
    expect(sim.eventsOf('node.completed').find((e) => e.nodeId === 'help')?.data).toEqual({ via: 'breach', edge: 'e3' });
    // a late completion of the breached task changes nothing
    const before = sim.state;
    sim.complete(task);
    expect(sim.state).toEqual(before);
  });
});
