import { describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, FormatVersionError, upgradeBlueprint, validateBlueprint } from '../src/index.ts';
import { rebooking } from './fixtures.ts';

/** The template as the format-1 prototype wrote it. */
function asFormatV1(): Record<string, any> {
  const doc = rebooking();
  doc.formatVersion = 1;
  doc.nodes = doc.nodes.map(({ kind, ...rest }: Record<string, unknown>) => ({ ...rest, type: kind }));
  doc.edges = doc.edges.map(({ from, to, ...rest }: Record<string, unknown>) => ({ ...rest, source: from, target: to }));
  const minutes = (d?: string) => (d === undefined ? undefined : d.endsWith('h') ? parseInt(d) * 60 : d.endsWith('m') ? parseInt(d) : parseInt(d) / 60);
  doc.slaPolicies = doc.slaPolicies.map(({ firstResponse, resolution, ...rest }: Record<string, any>) => ({
    ...rest,
    ...(firstResponse && { firstResponseMinutes: minutes(firstResponse) }),
    ...(resolution && { resolutionMinutes: minutes(resolution) }),
  }));
  doc.templates = doc.templates.map(({ text, ...rest }: Record<string, any>) => ({ ...rest, zh: text['zh-CN'], en: text.en }));
  return doc;
}

describe('upgradeBlueprint', () => {
  it('turns a format-1 document into the current format', () => {
    const { doc, from } = upgradeBlueprint(asFormatV1());
    expect(from).toBe(1);
    expect(doc.formatVersion).toBe(CURRENT_FORMAT_VERSION);
    const expected = rebooking();
    expect(doc.nodes).toEqual(expected.nodes);
    expect(doc.edges).toEqual(expected.edges);
    expect(doc.templates).toEqual(expected.templates);
    // 30 s was 0.5 minutes in format 1; it comes back as whole minutes, rounded
    const ack = (doc.slaPolicies as any[]).find((p) => p.id === 'ack-30s');
    expect(ack.firstResponse).toBe('1m');
    expect((doc.slaPolicies as any[]).find((p) => p.id === 'standard-rebooking').resolution).toBe('240m');
  });

  it('is applied by validateBlueprint, which says it upgraded', () => {
    const result = validateBlueprint(asFormatV1());
    expect(result.problems).toEqual([]);
    expect(result.upgradedFrom).toBe(1);
    expect(result.blueprint?.formatVersion).toBe(CURRENT_FORMAT_VERSION);
  });

  it('leaves a current document as it is, and does not change its input', () => {
    const doc = rebooking();
    expect(upgradeBlueprint(doc).doc).toBe(doc);
    const v1 = asFormatV1();
    const before = JSON.stringify(v1);
    upgradeBlueprint(v1);
    expect(JSON.stringify(v1)).toBe(before);
  });

  it('refuses newer, missing or nonsense versions', () => {
    for (const formatVersion of [CURRENT_FORMAT_VERSION + 1, 0, 1.5, '2', undefined]) {
      expect(() => upgradeBlueprint({ ...rebooking(), formatVersion })).toThrow(FormatVersionError);
    }
    expect(validateBlueprint({ ...rebooking(), formatVersion: 3 }).problems[0]?.message).toContain('newer than this Touchpoint');
  });
});
