import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Blueprint, blueprintJsonSchema, generateBlueprint } from '../src/index.ts';
import { rebooking } from './fixtures.ts';
import { applyMutations, mutationArb } from './mutations.ts';

const ajv = new Ajv2020({ strict: false, allErrors: false });
const ajvValidate = ajv.compile(blueprintJsonSchema());
const agree = (doc: unknown) => {
  const byZod = Blueprint.safeParse(doc).success;
  const byAjv = ajvValidate(doc) as boolean;
  return { byZod, byAjv };
};

const byId = (d: Record<string, any>, id: string) => d.nodes.find((n: { id: string }) => n.id === id);

/** Hand-picked documents at the edges of the format; each is accepted or rejected by both. */
const corpus: Array<[string, (d: Record<string, any>) => unknown, boolean]> = [
  ['the template', (d) => d, true],
  ['a generated 200-node blueprint', () => generateBlueprint(200), true],
  ['no nodes', (d) => ({ ...d, nodes: [] }), false],
  ['a missing formatVersion', ({ formatVersion, ...d }) => d, false],
  ['formatVersion as a string', (d) => ({ ...d, formatVersion: '2' }), false],
  ['an unknown top-level field', (d) => ({ ...d, owner: 'me' }), false],
  ['an unknown node kind', (d) => (d.nodes[0].kind = 'robot', d), false],
  ['a node field of another kind', (d) => (d.nodes[0].queue = 'x', d), false],
  ['an id with a space', (d) => (d.nodes[0].id = 'a b', d), false],
  ['an id of 65 characters', (d) => (d.nodes[0].id = 'a'.repeat(65), d), false],
  ['an id of 64 characters', (d) => (d.stages[0].id = 'a'.repeat(64), d), true],
  ['a duration without unit', (d) => (d.slaPolicies[0].firstResponse = '30', d), false],
  ['a duration in weeks', (d) => (d.slaPolicies[0].firstResponse = '1w', d), false],
  ['a warnAt above 1', (d) => (d.slaPolicies[0].warnAt = 1.2, d), false],
  ['a fractional priority', (d) => (byId(d, 'standard-rebooking').priority = 1.5, d), false],
  ['a priority of 9', (d) => (byId(d, 'standard-rebooking').priority = 9, d), true],
  ['a time of 24:00', (d) => (d.calendars[0].week.mon[1].end = '24:00', d), true],
  ['a time of 24:30', (d) => (d.calendars[0].week.mon[1].end = '24:30', d), false],
  ['a date of month 13', (d) => (d.calendars[0].holidays.push('2026-13-01'), d), false],
  ['a lowercase currency', (d) => (d.products[0].price.currency = 'cny', d), false],
  ['a negative price', (d) => (d.products[0].price.amount = -1, d), false],
  ['a boolean entitlement', (d) => (d.products[0].entitlements = { concierge: true }, d), true],
  ['a string entitlement', (d) => (d.products[0].entitlements = { concierge: 'yes' }, d), false],
  ['an entitlement key that is not an id', (d) => (d.products[0].entitlements = { 'free rebooking': 1 }, d), false],
  ['a plugin major that is not a number', (d) => (d.plugins['channel-sms'] = '1.x', d), false],
  ['an unknown locale', (d) => (d.locales.push('fr'), d), false],
  ['an unknown locale in a template', (d) => (d.templates[0].text.fr = 'Bonjour', d), false],
  ['an empty template text', (d) => (d.templates[0].text.en = '', d), false],
  ['an edge outcome that does not exist', (d) => (d.edges[0].on = 'later', d), false],
  ['a KPI percentile of 75', (d) => (d.kpis[1].percentile = 75, d), false],
  ['an expression input value', (d) => (byId(d, 'collect-payment').input.amount = { $expr: 'case.x' }, d), true],
  ['an expression input with an extra key', (d) => (byId(d, 'collect-payment').input.amount = { $expr: 'case.x', y: 1 }, d), true],
  ['a name of 200 emoji (400 UTF-16 units)', (d) => ((d.name = '🎫'.repeat(200)), d), true],
  ['a name of 201 emoji', (d) => ((d.name = '🎫'.repeat(201)), d), false],
  ['an unknown case SLA (a reference, not a schema error)', (d) => ((d.sla = 'none'), d), true],
  ['a case SLA that is not an id', (d) => ((d.sla = 7), d), false],
  ['a null document', () => null, false],
  ['an array document', () => [], false],
];

describe('the exported JSON Schema', () => {
  it('is draft 2020-12 and compiles in ajv', () => {
    expect(blueprintJsonSchema().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it.each(corpus)('and zod agree on %s', (_name, make, expected) => {
    const doc = make(rebooking());
    expect(agree(doc)).toEqual({ byZod: expected, byAjv: expected });
  });

  it('and zod agree on 300 random mutations of the template', () => {
    const template = rebooking();
    let rejected = 0;
    fc.assert(
      fc.property(mutationArb, (mutations) => {
        const doc = applyMutations(template, mutations);
        const { byZod, byAjv } = agree(doc);
        if (!byZod) rejected++;
        expect(byAjv).toBe(byZod);
      }),
      { numRuns: 300, seed: 20261123 },
    );
    // the mutations must actually exercise rejection, or this test proves nothing
    expect(rejected).toBeGreaterThan(100);
  });
});
