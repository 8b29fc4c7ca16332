import type { PluginDescriptor } from './validate/context.ts';
import type { BlueprintInput } from './document.ts';

/**
 * A synthetic, valid blueprint of about `nodes` nodes, for benchmarks and load tests: a trigger,
 * then repeating blocks of decision → (task | action) → touchpoint, then an end.
 */
export function generateBlueprint(nodes: number): BlueprintInput {
  const doc = {
    formatVersion: 2 as const,
    id: `generated-${nodes}`,
    name: `Generated ${nodes}`,
    locales: ['zh-CN' as const, 'en' as const],
    stages: [{ id: 's1', name: 'Stage 1' }, { id: 's2', name: 'Stage 2' }],
    nodes: [] as BlueprintInput['nodes'],
    edges: [] as BlueprintInput['edges'],
    slaPolicies: [{ id: 'sla', resolution: '4h', escalations: [{ at: 1, action: 'notify' as const, role: 'supervisor' }] }],
    templates: [{ id: 'msg', text: { 'zh-CN': '您好 {{customer.name}}', en: 'Hello {{customer.name}}' } }],
  };
  const add = (node: BlueprintInput['nodes'][number]) => doc.nodes.push(node);
  const link = (from: string, to: string, extra: Partial<BlueprintInput['edges'][number]> = {}) =>
    doc.edges.push({ id: `e${doc.edges.length}`, from, to, ...extra });

  add({ id: 'start', kind: 'trigger', lane: 'customer', stage: 's1', source: 'api' });
  let previous = 'start';
  const blocks = Math.max(1, Math.floor((nodes - 2) / 4));
  for (let b = 0; b < blocks; b++) {
    const stage = b % 2 === 0 ? 's1' : 's2';
    add({ id: `d${b}`, kind: 'decision', lane: 'backstage', stage });
    add({ id: `t${b}`, kind: 'task', lane: 'backstage', stage, queue: 'agents', title: `Step ${b}`, sla: 'sla' });
    add({ id: `a${b}`, kind: 'action', lane: 'support', stage, plugin: 'crm', action: 'update', input: { field: 'step', value: { $expr: `case.step + ${b}` } } });
    add({ id: `p${b}`, kind: 'touchpoint', lane: 'frontstage', stage, channel: 'channel-sms', template: 'msg' });
    link(previous, `d${b}`);
    link(`d${b}`, `t${b}`, { condition: `case.priority > ${b % 7} && "vip" in customer.tags` });
    link(`d${b}`, `a${b}`, { default: true });
    link(`t${b}`, `p${b}`);
    link(`a${b}`, `p${b}`);
    previous = `p${b}`;
  }
  add({ id: 'done', kind: 'end', lane: 'backstage', stage: 's2', outcome: 'resolved' });
  link(previous, 'done');
  return doc;
}

/** The plugins a generated blueprint uses, so that benchmarks exercise the plugin checks too. */
export const GENERATED_PLUGINS: PluginDescriptor[] = [
  {
    id: 'crm',
    version: '1.0.0',
    actions: {
      update: {
        input: { type: 'object', required: ['field', 'value'], properties: { field: { type: 'string' }, value: {} } },
      },
    },
  },
  {
    id: 'channel-sms',
    version: '1.0.0',
    actions: { send: { input: { type: 'object', properties: { to: { type: 'string' }, text: { type: 'string' } } } } },
  },
];
