import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginHost, describePlugin, discoverPlugins } from '../src/index.ts';
import { pnpmWorkspacePatterns } from '../src/discover.ts';
import { exampleJsEntry } from './example-js.ts';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('discoverPlugins', () => {
  it('finds plugins/example-js in the Touchpoint workspace', async () => {
    const { plugins, problems } = await discoverPlugins(workspaceRoot);
    const example = plugins.find((plugin) => plugin.manifest.id === 'example-js');
    expect(example).toMatchObject({ packageName: '@touchpoint/plugin-example-js', entry: fileURLToPath(exampleJsEntry) });
    expect(example!.manifest.actions.lookup).toBeDefined();
    expect(problems.filter((problem) => problem.packageDir.includes('example-js'))).toEqual([]);

    const host = createPluginHost({ plugins: [example!] });
    const output = await host.invoke({ tenantId: 't', caseId: 'c', nodeId: 'n', plugin: 'example-js', action: 'lookup', input: { orderId: 'A-1003' }, idempotencyKey: 'k', attempt: 1, signal: new AbortController().signal });
    expect(output).toEqual({ found: true, status: 'refunded', total: 12, currency: 'USD' });
    expect(describePlugin(example!).id).toBe('example-js');
  });

  describe('in a project with workspace packages and node_modules', () => {
    let root: string;
    const pluginSource = (id: string, input = "{ type: 'object' }") => `export default {
  id: '${id}', version: '2.0.0', kind: 'crm',
  actions: { get: { input: ${input}, output: { type: 'object' }, run: () => ({}) } },
  editor: { label: { 'zh-CN': '${id}', en: '${id}' } },
};\n`;
    const pkg = async (dir: string, json: Record<string, unknown>, files: Record<string, string> = {}) => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify(json));
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'tp-discover-'));
      await pkg(root, { name: 'app', private: true, workspaces: ['plugins/*'] });
      await pkg(join(root, 'plugins', 'crm-local'), { name: 'crm-local', touchpoint: { plugin: './plugin.js' } }, { 'plugin.js': pluginSource('crm-local') });
      await pkg(join(root, 'plugins', 'not-a-plugin'), { name: 'not-a-plugin' });
      await pkg(join(root, 'node_modules', '@acme', 'touchpoint-crm'), { name: '@acme/touchpoint-crm', type: 'module', touchpoint: { plugin: 'dist/index.js' } });
      await mkdir(join(root, 'node_modules', '@acme', 'touchpoint-crm', 'dist'));
      await writeFile(join(root, 'node_modules', '@acme', 'touchpoint-crm', 'dist', 'index.js'), pluginSource('crm-acme'));
      await pkg(join(root, 'node_modules', 'broken-schema'), { name: 'broken-schema', touchpoint: { plugin: './index.js' } }, { 'index.js': pluginSource('broken', "{ type: 'object', properties: { a: { type: 'strin' } } }") });
      await pkg(join(root, 'node_modules', 'escapes'), { name: 'escapes', touchpoint: { plugin: '../../plugins/crm-local/plugin.js' } });
      await pkg(join(root, 'node_modules', 'twin'), { name: 'twin', touchpoint: { plugin: './index.js' } }, { 'index.js': pluginSource('crm-local') });
      await pkg(join(root, 'node_modules', 'lodash'), { name: 'lodash' });
      // pnpm links workspace packages into node_modules: found once.
      await symlink(join(root, 'plugins', 'crm-local'), join(root, 'node_modules', 'crm-local'), 'dir');
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('imports every package that declares a plugin, and reports the ones that fail', async () => {
      const { plugins, problems } = await discoverPlugins(root);
      expect(plugins.map((plugin) => `${plugin.packageName}:${plugin.manifest.id}@${plugin.manifest.version}`).sort()).toEqual([
        '@acme/touchpoint-crm:crm-acme@2.0.0',
        'crm-local:crm-local@2.0.0',
      ]);
      const byPackage = Object.fromEntries(problems.map((problem) => [problem.packageName, problem.message]));
      expect(Object.keys(byPackage).sort()).toEqual(['broken-schema', 'escapes', 'twin']);
      expect(byPackage['broken-schema']).toMatch(/^TP_PLUGIN_MANIFEST_INVALID: broken: cannot be installed: actions\.get\.input: is not a valid JSON Schema/);
      expect(byPackage.escapes).toBe('"touchpoint.plugin" points outside the package: ../../plugins/crm-local/plugin.js');
      expect(byPackage.twin).toBe('plugin "crm-local" is also provided by crm-local; the first one found is used');
    });
  });

  it('reads the package list of a pnpm-workspace.yaml', async () => {
    expect(pnpmWorkspacePatterns(await readFile(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8'))).toContain('plugins/*');
    expect(pnpmWorkspacePatterns("packages:\n  - 'a/*'\n  - \"b\" # comment\n  - '!c'\nonlyBuiltDependencies:\n  - esbuild\n")).toEqual(['a/*', 'b', '!c']);
  });
});
