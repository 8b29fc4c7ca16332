import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sdk = join(root, 'packages/plugin-sdk');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** Links what an `npm install` of the new package would bring, from this workspace. */
function linkDependencies(dir: string) {
  const link = (name: string, target: string) => {
    const at = join(dir, 'node_modules', name);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(realpathSync(target), at, 'dir');
  };
  link('@touchpoint/plugin-sdk', sdk);
  link('zod', dirname(createRequire(join(sdk, 'package.json')).resolve('zod/package.json')));
  link('vitest', join(root, 'node_modules/vitest'));
}

describe('touchpoint plugin new', () => {
  it('scaffolds a plugin whose own test passes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tp-plugin-'));
    const dir = join(cwd, 'channel-line');
    const { output, out } = capture();
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      expect(await main(['plugin', 'new', 'channel-line', '--kind', 'channel'], output)).toBe(0);
    } finally {
      process.chdir(previous);
    }
    expect(out.join('\n')).toContain('Plugin "channel-line" is ready');
    for (const file of ['package.json', 'src/index.ts', 'test/index.test.ts', 'README.md']) expect(existsSync(join(dir, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).touchpoint).toEqual({ plugin: './src/index.ts' });

    linkDependencies(dir);
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], { cwd: dir, timeout: 120_000 });
    expect(stdout).toMatch(/2 passed/);
  }, 150_000);

  it('refuses a bad name, a bad kind and an existing folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tp-plugin-'));
    for (const args of [['plugin', 'new', 'Channel Line'], ['plugin', 'new', 'x-y', '--kind', 'robot'], ['plugin', 'new', 'dup', '--dir', cwd], ['plugin', 'old', 'x']]) {
      const { output, err } = capture();
      expect(await main(args, output)).toBe(2);
      expect(err.join('\n')).toMatch(/plugin name|--kind must be|already exists|unknown plugin subcommand/);
    }
  });
});
