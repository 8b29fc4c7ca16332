import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { templateBlueprintPath } from '../src/templates.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-cli-'));
const write = (name: string, content: string) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};
const template = templateBlueprintPath('worry-free-rebooking');

describe('touchpoint validate', () => {
  it('says a valid blueprint is valid and exits 0', async () => {
    const { output, out } = capture();
    expect(await main(['validate', template], output)).toBe(0);
    expect(out.join('\n')).toContain('valid');
  });

  it('lists every problem with its path and exits 1', async () => {
    const doc = JSON.parse(readFileSync(template, 'utf8'));
    const edge = doc.edges.findIndex((e: { id: string }) => e.id === 'e-express-done');
    doc.edges[edge].to = 'nowhere';
    doc.nodes[4].sla = 'platinum';
    const file = write('broken.json', JSON.stringify(doc));
    const { output, err } = capture();
    expect(await main(['validate', file], output)).toBe(1);
    expect(err.join('\n')).toContain(`edges[${edge}].to`);
    expect(err.join('\n')).toContain('nodes[4].sla');
    expect(err.at(-1)).toBe(`2 problems in ${file}`);
  });

  it('reports malformed JSON with its line', async () => {
    const file = write('bad.json', '{\n  "id": \n}');
    const { output, err } = capture();
    expect(await main(['validate', file], output)).toBe(1);
    expect(err[0]).toContain('line 3');
  });

  it('checks plugin actions with --plugins, and prints JSON with --json', async () => {
    const plugins = write('plugins.json', JSON.stringify([{ id: 'channel-sms', version: '1.0.0', actions: { send: { input: {} } } }]));
    const { output, out } = capture();
    expect(await main(['validate', template, '--plugins', plugins, '--json'], output)).toBe(1);
    const result = JSON.parse(out.join('\n'));
    expect(result.ok).toBe(false);
    expect(result.problems.map((p: { code: string }) => p.code)).toContain('TP_BLUEPRINT_UNKNOWN_PLUGIN');
  });

  it('gives usage errors exit code 2 with a hint', async () => {
    for (const args of [['validate'], ['validate', join(dir, 'missing.json')], ['validate', template, '--frobnicate'], ['launch']]) {
      const { output, err } = capture();
      expect(await main(args, output)).toBe(2);
      expect(err.join('\n')).toMatch(/help|unknown command/);
    }
  });

  it('answers --help on every command', async () => {
    for (const args of [['--help'], ['validate', '--help'], ['start', '--help']]) {
      const { output, out } = capture();
      expect(await main(args, output)).toBe(0);
      expect(out.join('\n')).toContain('Usage: touchpoint');
    }
  });
});
