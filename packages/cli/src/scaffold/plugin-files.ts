/** The files of a new plugin package: a working action, its test, and a README. Pure text. */
export function pluginFiles(input: { id: string; kind: string; sdkVersion: string; zodVersion: string }): Record<string, string> {
  const { id, kind } = input;
  const title = id.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`);
  return {
    'package.json': `${JSON.stringify(
      {
        name: id,
        version: '0.1.0',
        type: 'module',
        description: `${title}: a Touchpoint plugin.`,
        exports: { '.': './src/index.ts' },
        touchpoint: { plugin: './src/index.ts' },
        scripts: { test: 'vitest run' },
        dependencies: { '@touchpoint/plugin-sdk': input.sdkVersion, zod: input.zodVersion },
        devDependencies: { vitest: '^4.1.0' },
      },
      null,
      2,
    )}\n`,
    'src/index.ts': `import { z } from 'zod';
import { defineAction, definePlugin, secret } from '@touchpoint/plugin-sdk';

/** What a tenant enters to connect the plugin; secret() fields are encrypted at rest and never logged. */
const Connection = z.object({
  apiKey: secret(z.string().min(1)).describe('The API key of the service'),
});

/** A first action: replace its body with a call to your service (ctx.http, with ctx.idempotencyKey). */
const greet = defineAction({
  connection: Connection,
  input: z.object({ name: z.string().min(1).max(200) }),
  output: z.object({ greeting: z.string() }),
  editor: { label: { 'zh-CN': '问候', en: 'Greet' }, description: { 'zh-CN': '返回一句问候', en: 'Returns a greeting' } },
  async run(ctx, input) {
    ctx.logger.info('greeting', { name: input.name });
    return { greeting: \`Hello, \${input.name}!\` };
  },
});

export default definePlugin({
  id: '${id}',
  version: '0.1.0',
  kind: '${kind}',
  connection: Connection,
  editor: { label: { 'zh-CN': '${title}', en: '${title}' } },
  actions: { greet },
});
`,
    'test/index.test.ts': `import { runAction } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.ts';

const connection = { apiKey: 'test-key' };

describe('${id}', () => {
  it('greets', async () => {
    expect(await runAction(plugin, 'greet', { name: 'Li Lei' }, { connection })).toEqual({ greeting: 'Hello, Li Lei!' });
  });

  it('refuses input that does not match the schema', async () => {
    await expect(runAction(plugin, 'greet', { name: '' }, { connection })).rejects.toMatchObject({ code: 'TP_PLUGIN_INPUT_INVALID' });
  });
});
`,
    'README.md': `# ${title}

A Touchpoint plugin (${kind}). Actions: \`greet\`.

- \`npm test\` runs its tests (\`runAction\` from \`@touchpoint/plugin-sdk\` runs an action in-process, with the same checks as the runtime).
- Installed where Touchpoint runs, it is found by its \`"touchpoint"\` field in package.json.
- See Touchpoint's docs/plugins.md for connections, secrets, triggers and errors.
`,
  };
}
