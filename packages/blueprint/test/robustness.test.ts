import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERATED_PLUGINS, generateBlueprint, parseBlueprintJson, PROBLEM_CODES, validateBlueprint } from '../src/index.ts';
import { plugins, rebooking } from './fixtures.ts';
import { applyMutations, mutationArb } from './mutations.ts';

const codes = new Set<string>(PROBLEM_CODES);

describe('bad input', () => {
  it('reports malformed JSON with its line and column', () => {
    const result = parseBlueprintJson('{\n  "formatVersion": 2,\n  "id": oops\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/line 3, column 9/);
  });

  it.each([
    ['a trailing comma', '{"a": [1, 2,]}', 'line 1, column 13'],
    ['an unterminated string', '{\n"a": "b\n}', 'line 2, column 8'],
    ['text after the document', '{"a": 1} x', 'line 1, column 10'],
    ['a missing colon', '{"a" 1}', 'line 1, column 6'],
    ['an empty file', '', 'line 1, column 1'],
  ])('locates %s', (_name, text, where) => {
    const result = parseBlueprintJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toContain(where);
  });

  it('reports JSON nested too deeply instead of crashing', () => {
    const result = parseBlueprintJson('['.repeat(200_000) + ']'.repeat(200_000));
    if (result.ok) expect(validateBlueprint(result.value).ok).toBe(false);
    else expect(result.problems[0]?.code).toBe('TP_BLUEPRINT_JSON');
  });

  it.each([null, 42, 'blueprint', [], true])('rejects %j as a document', (value) => {
    const result = validateBlueprint(value);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'TP_BLUEPRINT_NOT_AN_OBJECT', path: '' })]);
  });

  it('reports wrong types everywhere at once', () => {
    const doc = rebooking();
    doc.stages = 'all';
    doc.nodes[1].sla = 7;
    doc.edges[0].from = null;
    const paths = validateBlueprint(doc).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['stages', 'nodes[1].sla', 'edges[0].from']));
  });

  it('validates a 10,000-node document', () => {
    const result = validateBlueprint(generateBlueprint(10_000), { plugins: GENERATED_PLUGINS });
    expect(result.problems).toEqual([]);
    expect(result.blueprint?.nodes.length).toBeGreaterThanOrEqual(9_998);
  });

  it('refuses a document above the node limit with one problem, not one per node', () => {
    const doc = generateBlueprint(2_000) as Record<string, any>;
    doc.nodes = Array.from({ length: 21_000 }, (_, i) => ({ ...doc.nodes[1], id: `n${i}` }));
    const { problems } = validateBlueprint(doc);
    expect(problems.filter((p) => p.path === 'nodes' && p.code === 'TP_BLUEPRINT_SCHEMA')).toHaveLength(1);
  });

  it('reports a deeply nested expression as too complex, quickly', () => {
    const doc = rebooking();
    doc.edges[2].condition = '!'.repeat(1500) + 'true';
    const { problems } = validateBlueprint(doc);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'TP_BLUEPRINT_EXPRESSION', path: 'edges[2].condition' }));
  });

  it('survives a long chain without recursion limits (graph walks are iterative)', () => {
    const doc = generateBlueprint(10_000) as Record<string, any>;
    doc.edges.pop(); // the last touchpoint no longer reaches the end: thousands of nodes cannot finish
    const { problems } = validateBlueprint(doc);
    expect(problems.filter((p) => p.code === 'TP_BLUEPRINT_NO_PATH_TO_END').length).toBeGreaterThan(9_000);
  });
});

describe('random mutations of valid blueprints', () => {
  const check = (doc: unknown) => {
    const result = validateBlueprint(doc, { plugins });
    expect(typeof result.ok).toBe('boolean');
    expect(result.ok).toBe(result.problems.length === 0);
    for (const problem of result.problems) {
      expect(codes.has(problem.code)).toBe(true);
      expect(typeof problem.path).toBe('string');
      expect(problem.message).not.toBe('');
    }
    return result;
  };

  it('never throw, and yield either "valid" or problems with paths', () => {
    const template = rebooking();
    let invalid = 0;
    fc.assert(
      fc.property(mutationArb, (mutations) => {
        if (!check(applyMutations(template, mutations)).ok) invalid++;
      }),
      { numRuns: 400, seed: 42 },
    );
    expect(invalid).toBeGreaterThan(200);
  });

  it('never throw on arbitrary JSON either', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => void check(value)), { numRuns: 300 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('formatVersion', 'nodes', 'edges', 'stages', 'locales', 'id'), fc.jsonValue({ maxDepth: 3 })), (value) => void check(value)),
      { numRuns: 300 },
    );
  });
});
