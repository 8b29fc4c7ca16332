import { describe, expect, it } from 'vitest';
import { diffBlueprints } from '../src/index.ts';
import { rebooking } from './fixtures.ts';

describe('diffBlueprints', () => {
  it('finds nothing between a document and itself', () => {
    expect(diffBlueprints(rebooking() as never, rebooking() as never).same).toBe(true);
  });

  it('lists nodes and edges added, removed and changed, with the fields that changed', () => {
    const before = rebooking();
    const after = rebooking();
    after.nodes = after.nodes.filter((n: { id: string }) => n.id !== 'declined');
    after.nodes.find((n: { id: string }) => n.id === 'standard-rebooking').sla = 'priority-rebooking';
    after.nodes.push({ id: 'callback', kind: 'task', lane: 'backstage', stage: 'follow-up', queue: 'q', title: 'Call' });
    after.edges[0].label = 'go';
    const diff = diffBlueprints(before as never, after as never);
    expect(diff.same).toBe(false);
    expect(diff.nodes).toEqual({ added: ['callback'], removed: ['declined'], changed: [{ id: 'standard-rebooking', fields: ['sla'] }] });
    expect(diff.edges.changed).toEqual([{ id: before.edges[0].id, fields: ['label'] }]);
  });
});
