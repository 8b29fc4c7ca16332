import { describe, expect, it } from 'vitest';
import { validateBlueprint, type ProblemCode } from '../src/index.ts';
import { edgeIndex, nodeIndex, plugins, rebooking } from './fixtures.ts';

describe('the worry-free rebooking template', () => {
  it('validates clean against its plugins', () => {
    const result = validateBlueprint(rebooking(), { plugins });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.blueprint?.nodes).toHaveLength(24);
  });
});

type Doc = Record<string, any>;
interface Defect {
  name: string;
  mutate: (doc: Doc) => void;
  code: ProblemCode;
  path: (doc: Doc) => string;
  /** The node or edge id the studio should highlight. */
  owner?: { nodeId?: string; edgeId?: string };
}

const n = nodeIndex;
const e = edgeIndex;

const defects: Defect[] = [
  {
    name: 'a schema error (wrong type)',
    mutate: (d) => (d.nodes[n(d, 'standard-rebooking')].priority = 'high'),
    code: 'TP_BLUEPRINT_SCHEMA',
    path: (d) => `nodes[${n(d, 'standard-rebooking')}].priority`,
  },
  {
    name: 'an unknown node kind',
    mutate: (d) => (d.nodes[n(d, 'csat')].kind = 'poll'),
    code: 'TP_BLUEPRINT_SCHEMA',
    path: (d) => `nodes[${n(d, 'csat')}].kind`,
  },
  {
    name: 'a misspelt field',
    mutate: (d) => (d.slaPolicies[1].resolutoin = '4h'),
    code: 'TP_BLUEPRINT_SCHEMA',
    path: () => 'slaPolicies[1]',
  },
  {
    name: 'a duplicate node id',
    mutate: (d) => (d.nodes[n(d, 'declined')].id = 'resolved'),
    code: 'TP_BLUEPRINT_DUPLICATE_ID',
    path: (d) => `nodes[${d.nodes.length - 2}].id`,
    owner: { nodeId: 'resolved' },
  },
  {
    name: 'a duplicate edge id',
    mutate: (d) => (d.edges[e(d, 'e-paid')].id = 'e-confirmed'),
    code: 'TP_BLUEPRINT_DUPLICATE_ID',
    path: (d) => `edges[${e(d, 'e-confirmed') + 0}].id`.replace(/\d+/, String(d.edges.findLastIndex((x: Doc) => x.id === 'e-confirmed'))),
  },
  {
    name: 'a dangling edge',
    mutate: (d) => (d.edges[e(d, 'e-confirmed')].to = 'survey'),
    code: 'TP_BLUEPRINT_DANGLING_EDGE',
    path: (d) => `edges[${e(d, 'e-confirmed')}].to`,
    owner: { edgeId: 'e-confirmed' },
  },
  {
    name: 'an unreachable node',
    mutate: (d) => d.edges.splice(e(d, 'e-not-changeable'), 1),
    code: 'TP_BLUEPRINT_UNREACHABLE',
    path: (d) => `nodes[${n(d, 'not-eligible')}]`,
    owner: { nodeId: 'not-eligible' },
  },
  {
    name: 'a node with no path to an end',
    mutate: (d) => d.edges.splice(e(d, 'e-expired-end'), 1),
    code: 'TP_BLUEPRINT_NO_PATH_TO_END',
    path: (d) => `nodes[${n(d, 'payment-expired')}]`,
    owner: { nodeId: 'payment-expired' },
  },
  {
    name: 'a decision without a default branch',
    mutate: (d) => delete d.edges[e(d, 'e-nothing-due')].default,
    code: 'TP_BLUEPRINT_DECISION_NO_DEFAULT',
    path: (d) => `nodes[${n(d, 'payment-needed')}]`,
    owner: { nodeId: 'payment-needed' },
  },
  {
    name: 'a task with an SLA but no timeout or escalation path',
    mutate: (d) => (d.slaPolicies.find((p: Doc) => p.id === 'express-rebooking').escalations = []),
    code: 'TP_BLUEPRINT_SLA_WITHOUT_ESCAPE',
    path: (d) => `nodes[${n(d, 'express-rebooking')}].sla`,
    owner: { nodeId: 'express-rebooking' },
  },
  {
    name: 'a wait with an SLA but no timeout or escalation path',
    mutate: (d) => {
      const wait = d.nodes[n(d, 'await-payment')];
      delete wait.timeout;
      wait.sla = 'express-rebooking';
      d.edges.splice(e(d, 'e-not-paid'), 1);
      d.nodes.splice(n(d, 'payment-expired'), 1);
      d.edges.splice(e(d, 'e-expired-end'), 1);
      d.nodes.splice(n(d, 'cancelled'), 1);
      d.slaPolicies.find((p: Doc) => p.id === 'express-rebooking').escalations = [];
    },
    code: 'TP_BLUEPRINT_SLA_WITHOUT_ESCAPE',
    path: (d) => `nodes[${n(d, 'await-payment')}].sla`,
  },
  {
    name: 'a wait with a timeout and no timeout edge',
    mutate: (d) => (d.edges[e(d, 'e-not-paid')].on = 'next'),
    code: 'TP_BLUEPRINT_TIMEOUT_WITHOUT_EDGE',
    path: (d) => `nodes[${n(d, 'await-payment')}].timeout`,
  },
  {
    name: 'an unknown plugin',
    mutate: (d) => (d.nodes[n(d, 'collect-payment')].plugin = 'payment-alipay'),
    code: 'TP_BLUEPRINT_UNKNOWN_PLUGIN',
    path: (d) => `nodes[${n(d, 'collect-payment')}].plugin`,
  },
  {
    name: 'an unknown plugin action',
    mutate: (d) => (d.nodes[n(d, 'collect-payment')].action = 'charge'),
    code: 'TP_BLUEPRINT_UNKNOWN_ACTION',
    path: (d) => `nodes[${n(d, 'collect-payment')}].action`,
  },
  {
    name: 'an unknown channel action on a touchpoint',
    mutate: (d) => (d.nodes[n(d, 'confirmation')].action = 'sendRich'),
    code: 'TP_BLUEPRINT_UNKNOWN_ACTION',
    path: (d) => `nodes[${n(d, 'confirmation')}].action`,
  },
  {
    name: 'an input that does not match the action schema',
    mutate: (d) => (d.nodes[n(d, 'collect-payment')].input.currency = 'yuan'),
    code: 'TP_BLUEPRINT_ACTION_INPUT',
    path: (d) => `nodes[${n(d, 'collect-payment')}].input.currency`,
  },
  {
    name: 'a missing required input',
    mutate: (d) => delete d.nodes[n(d, 'collect-payment')].input.amount,
    code: 'TP_BLUEPRINT_ACTION_INPUT',
    path: (d) => `nodes[${n(d, 'collect-payment')}].input.amount`,
  },
  {
    name: 'an expression that does not compile',
    mutate: (d) => (d.edges[e(d, 'e-amount-due')].condition = 'case.amountDue >'),
    code: 'TP_BLUEPRINT_EXPRESSION',
    path: (d) => `edges[${e(d, 'e-amount-due')}].condition`,
    owner: { edgeId: 'e-amount-due' },
  },
  {
    name: 'a condition of the wrong type',
    mutate: (d) => (d.edges[e(d, 'e-amount-due')].condition = '"yes"'),
    code: 'TP_BLUEPRINT_EXPRESSION',
    path: (d) => `edges[${e(d, 'e-amount-due')}].condition`,
  },
  {
    name: 'an action input expression that does not compile',
    mutate: (d) => (d.nodes[n(d, 'collect-payment')].input.amount = { $expr: 'case.amountDue *' }),
    code: 'TP_BLUEPRINT_EXPRESSION',
    path: (d) => `nodes[${n(d, 'collect-payment')}].input.amount.$expr`,
  },
  {
    name: 'a template missing a declared locale',
    mutate: (d) => delete d.templates.find((t: Doc) => t.id === 'confirmed').text.en,
    code: 'TP_BLUEPRINT_TEMPLATE_LOCALE_MISSING',
    path: (d) => `templates[${d.templates.findIndex((t: Doc) => t.id === 'confirmed')}].text.en`,
    owner: { nodeId: 'confirmation' },
  },
  {
    name: 'a touchpoint below the line of visibility',
    mutate: (d) => (d.nodes[n(d, 'confirmation')].lane = 'backstage'),
    code: 'TP_BLUEPRINT_LANE_VISIBILITY',
    path: (d) => `nodes[${n(d, 'confirmation')}].lane`,
  },
  {
    name: 'an unknown SLA policy',
    mutate: (d) => (d.nodes[n(d, 'standard-rebooking')].sla = 'platinum'),
    code: 'TP_BLUEPRINT_UNKNOWN_REFERENCE',
    path: (d) => `nodes[${n(d, 'standard-rebooking')}].sla`,
  },
  {
    name: 'an unknown case SLA policy',
    mutate: (d) => (d.sla = 'gold'),
    code: 'TP_BLUEPRINT_UNKNOWN_REFERENCE',
    path: () => 'sla',
  },
  {
    name: 'an unknown stage',
    mutate: (d) => (d.nodes[n(d, 'csat')].stage = 'after-sale'),
    code: 'TP_BLUEPRINT_UNKNOWN_REFERENCE',
    path: (d) => `nodes[${n(d, 'csat')}].stage`,
  },
  {
    name: 'a product override of an unknown node',
    mutate: (d) => (d.products[1].overrides[0].node = 'rebook'),
    code: 'TP_BLUEPRINT_UNKNOWN_REFERENCE',
    path: () => 'products[1].overrides[0].node',
  },
  {
    name: 'an entitlement no product grants',
    mutate: (d) => (d.nodes[n(d, 'express-rebooking')].consumes.entitlement = 'freeRefunds'),
    code: 'TP_BLUEPRINT_ENTITLEMENT_UNKNOWN',
    path: (d) => `nodes[${n(d, 'express-rebooking')}].consumes.entitlement`,
  },
  {
    name: 'two next edges from a task',
    mutate: (d) => d.edges.push({ id: 'e-extra', from: 'standard-rebooking', to: 'confirmation' }),
    code: 'TP_BLUEPRINT_AMBIGUOUS_NEXT',
    path: (d) => `edges[${d.edges.length - 1}]`,
  },
  {
    name: 'a condition outside a decision',
    mutate: (d) => (d.edges[e(d, 'e-confirmed')].condition = 'true'),
    code: 'TP_BLUEPRINT_CONDITION_OUTSIDE_DECISION',
    path: (d) => `edges[${e(d, 'e-confirmed')}].condition`,
  },
  {
    name: 'a decision branch without a condition',
    mutate: (d) => delete d.edges[e(d, 'e-express')].condition,
    code: 'TP_BLUEPRINT_CONDITION_MISSING',
    path: (d) => `edges[${e(d, 'e-express')}]`,
  },
  {
    name: 'an outcome the node kind does not have',
    mutate: (d) => (d.edges[e(d, 'e-request-ack')].on = 'error'),
    code: 'TP_BLUEPRINT_EDGE_OUTCOME',
    path: (d) => `edges[${e(d, 'e-request-ack')}].on`,
  },
  {
    name: 'an edge out of an end',
    mutate: (d) => d.edges.push({ id: 'e-loop', from: 'resolved', to: 'csat' }),
    code: 'TP_BLUEPRINT_END_HAS_OUTGOING',
    path: (d) => `edges[${d.edges.length - 1}]`,
  },
  {
    name: 'no trigger',
    mutate: (d) => (d.nodes[n(d, 'request')] = { ...d.nodes[n(d, 'request')], kind: 'decision', source: undefined, event: undefined }),
    code: 'TP_BLUEPRINT_NO_TRIGGER',
    path: () => 'nodes',
  },
  {
    name: 'a bad timezone',
    mutate: (d) => (d.calendars[0].timezone = 'Asia/Beijing'),
    code: 'TP_BLUEPRINT_CALENDAR',
    path: () => 'calendars[0].timezone',
  },
  {
    name: 'overlapping calendar windows',
    mutate: (d) => (d.calendars[0].week.mon[1].start = '11:00'),
    code: 'TP_BLUEPRINT_CALENDAR',
    path: () => 'calendars[0].week.mon[1]',
  },
  {
    name: 'a task form that is not a JSON Schema',
    mutate: (d) => (d.nodes[n(d, 'standard-rebooking')].form.properties.amountDue.type = 'money'),
    code: 'TP_BLUEPRINT_TASK_FORM',
    path: (d) => `nodes[${n(d, 'standard-rebooking')}].form`,
  },
  {
    name: 'a plugin major version that no longer matches',
    mutate: (d) => (d.plugins['payment-stripe'] = '2'),
    code: 'TP_BLUEPRINT_PLUGIN_VERSION',
    path: () => 'plugins["payment-stripe"]',
  },
  {
    name: 'a KPI alert without a threshold',
    mutate: (d) => delete d.kpis[0].alert.threshold,
    code: 'TP_BLUEPRINT_KPI',
    path: () => 'kpis[0].alert.threshold',
  },
  {
    name: 'a timer with neither after nor at',
    mutate: (d) => {
      d.nodes.push({ id: 'pause', kind: 'timer', lane: 'backstage', stage: 'follow-up' });
      d.edges[e(d, 'e-confirmed')].to = 'pause';
      d.edges.push({ id: 'e-pause', from: 'pause', to: 'csat' });
    },
    code: 'TP_BLUEPRINT_TIMER_SPEC',
    path: (d) => `nodes[${n(d, 'pause')}]`,
  },
  {
    name: 'a future format version',
    mutate: (d) => (d.formatVersion = 99),
    code: 'TP_BLUEPRINT_FORMAT_VERSION',
    path: () => 'formatVersion',
  },
];

describe('a copy of the template with one defect', () => {
  it.each(defects)('reports $name with its path', ({ mutate, code, path, owner }) => {
    const doc = rebooking();
    mutate(doc);
    const result = validateBlueprint(doc, { plugins });
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ code, path: path(doc), ...owner }));
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(10);
  });
});

describe('every problem at once', () => {
  it('reports independent defects together, and no cascade from a malformed node', () => {
    const doc = rebooking();
    doc.nodes[n(doc, 'confirmation')].channel = 42; // schema error on one node
    doc.edges[e(doc, 'e-amount-due')].condition = 'case.amountDue >'; // expression
    delete doc.edges[e(doc, 'e-standard')].default; // decision default
    doc.edges[e(doc, 'e-express-done')].to = 'nowhere'; // dangling
    const { problems } = validateBlueprint(doc, { plugins });
    const codes = problems.map((p) => p.code).sort();
    expect(codes).toEqual(
      ['TP_BLUEPRINT_DANGLING_EDGE', 'TP_BLUEPRINT_DECISION_NO_DEFAULT', 'TP_BLUEPRINT_EXPRESSION', 'TP_BLUEPRINT_SCHEMA'].sort(),
    );
    // the malformed node keeps its id: the edges into and out of it are not dangling
    expect(problems.find((p) => p.code === 'TP_BLUEPRINT_SCHEMA')?.path).toBe(`nodes[${n(doc, 'confirmation')}].channel`);
  });

  it('does not check plugins when the context has none, and checks them when it does', () => {
    const doc = rebooking();
    doc.nodes[n(doc, 'collect-payment')].action = 'charge';
    expect(validateBlueprint(doc).ok).toBe(true);
    expect(validateBlueprint(doc, { plugins }).ok).toBe(false);
  });
});

describe('subjourneys', () => {
  const withSubjourney = (target: string) => {
    const doc = rebooking();
    doc.nodes.push({ id: 'sub', kind: 'subjourney', lane: 'backstage', stage: 'follow-up', blueprint: target });
    doc.edges[e(doc, 'e-confirmed')].to = 'sub';
    doc.edges.push({ id: 'e-sub', from: 'sub', to: 'csat' });
    return doc;
  };
  const node = (target: string) => ({ nodes: [{ kind: 'subjourney', blueprint: target }] });

  it('accepts a known subjourney', () => {
    const result = validateBlueprint(withSubjourney('callback'), { blueprints: { callback: { nodes: [] } } });
    expect(result.problems).toEqual([]);
  });

  it('reports an unknown subjourney', () => {
    const doc = withSubjourney('callback');
    const { problems } = validateBlueprint(doc, { blueprints: {} });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'TP_BLUEPRINT_SUBJOURNEY_UNKNOWN', path: `nodes[${n(doc, 'sub')}].blueprint` }));
  });

  it('reports a cycle through other blueprints, and one straight back to itself', () => {
    const doc = withSubjourney('a');
    const blueprints = new Map([['a', node('b')], ['b', node('worry-free-rebooking')]]);
    const { problems } = validateBlueprint(doc, { blueprints });
    const cycle = problems.find((p) => p.code === 'TP_BLUEPRINT_SUBJOURNEY_CYCLE');
    expect(cycle?.message).toContain('worry-free-rebooking → a → b → worry-free-rebooking');

    const self = withSubjourney('worry-free-rebooking');
    expect(validateBlueprint(self).problems.map((p) => p.code)).toContain('TP_BLUEPRINT_SUBJOURNEY_CYCLE');
  });

  it('terminates on a cycle among the other blueprints that does not include this one', () => {
    const doc = withSubjourney('a');
    const blueprints = { a: node('b'), b: node('a') };
    expect(validateBlueprint(doc, { blueprints }).problems).toEqual([]);
  });
});
